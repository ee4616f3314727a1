using System.Net.Http.Headers;
using System.Text;

namespace ContextServer.EndToEndTests;

/// <summary>A request of the contract as the tests send it: the API key header and a JSON body.</summary>
public static class ApiRequests
{
    public static HttpRequestMessage Create(
        HttpMethod method, string path, string? body, string? apiKey, Action<HttpRequestMessage>? configure)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("maven-api-key", apiKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        configure?.Invoke(request);
        return request;
    }
}
