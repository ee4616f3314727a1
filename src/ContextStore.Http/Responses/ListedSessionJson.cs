using System.Text;
using ContextStore.Json;
using ContextStore.Sessions;

namespace ContextStore.Http.Responses;

/// <summary>An element of L2, <c>{"sessionId":"s1","properties":{…}}</c>, with the stored properties copied out as they stand.</summary>
public static class ListedSessionJson
{
    public static async ValueTask AppendAsync(ListedSession session, Utf8ResponseBuffer body, CancellationToken cancellationToken)
    {
        var head = new StringBuilder(session.SessionId.Length + 32).Append("{\"sessionId\":");
        CompactJson.AppendString(head, session.SessionId);
        await body.AppendAsync(head.Append(",\"properties\":").ToString(), cancellationToken);
        await body.AppendAsync(session.Properties.Json, cancellationToken);
        await body.AppendAsync("}", cancellationToken);
    }
}
