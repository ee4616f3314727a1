using ContextStore.Http;
using ContextStore.Testing.Documents;

namespace Repository.StaticTests.OpenApi;

/// <summary>The requests that tests walking the whole API make from openapi.yaml's examples.</summary>
public sealed class OpenApiExamplesTests
{
    private const string Sample = """
        paths:
          "/v1/account/{accountId}/{ns}/{sessionId}":
            parameters:
              - $ref: "#/components/parameters/AccountId"
              - $ref: "#/components/parameters/Namespace"
              - $ref: "#/components/parameters/SessionId"
            delete:
              operationId: DeleteIt
            get:
              operationId: ReadIt
              parameters:
                - name: perPage
                  in: query
                  example: 10
                - name: page
                  in: query
            put:
              operationId: WriteIt
              requestBody:
                content:
                  application/json:
                    example:
                      name: handoff
                      count: 3
                      quoted: "3"
                      nothing: null
                      list: [1, two, true]
          "/v1/account/{accountId}/{ns}":
            parameters:
              - $ref: "#/components/parameters/AccountId"
              - $ref: "#/components/parameters/Namespace"
            delete:
              operationId: DeleteAll
        components:
          parameters:
            AccountId:
              name: accountId
              in: path
              example: le1
            Namespace:
              name: ns
              in: path
              example: handoff
            SessionId:
              name: sessionId
              in: path
              example: conv 42
        """;

    [Fact]
    public void WritesComeFirstThenReadsThenDeletesNarrowestFirstWithTheExamplesFilledIn()
    {
        var requests = OpenApiExamples.Of(OpenApiModel.Parse(Sample), "le99", "bots");

        Assert.Equal(
            [
                new ExampleRequest("WriteIt", HttpMethod.Put, "/v1/account/le99/bots/conv%2042",
                    """{"name":"bots","count":3,"quoted":"3","nothing":null,"list":[1,"two",true]}"""),
                new ExampleRequest("ReadIt", HttpMethod.Get, "/v1/account/le99/bots/conv%2042?perPage=10", null),
                new ExampleRequest("DeleteIt", HttpMethod.Delete, "/v1/account/le99/bots/conv%2042", null),
                new ExampleRequest("DeleteAll", HttpMethod.Delete, "/v1/account/le99/bots", null),
            ],
            requests);
    }

    [Fact]
    public void APathParameterWithoutAnExampleIsNamed()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            OpenApiExamples.Of(OpenApiModel.Parse(Sample.Replace("      example: conv 42", "", StringComparison.Ordinal)), "le99"));

        Assert.Contains("'sessionId' has no example", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDocumentHasAnExampleRequestForEveryOperationOfTheTable() =>
        Assert.Equal(
            ContextOperations.All.Select(o => o.Name).Order(StringComparer.Ordinal),
            OpenApiExamples.Of(OpenApiModel.Load(), "le12345678").Select(r => r.OperationId).Order(StringComparer.Ordinal));
}
