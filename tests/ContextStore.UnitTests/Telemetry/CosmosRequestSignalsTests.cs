using System.Diagnostics.Metrics;
using System.Net;
using ContextStore.Cosmos;
using ContextStore.Telemetry;
using ContextStore.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContextStore.UnitTests.Telemetry;

/// <summary>The Cosmos DB handler's signals, on responses of a handler below it (no server).</summary>
public sealed class CosmosRequestSignalsTests : IDisposable
{
    private const string Charge = "contextstore.cosmos.request_charge";
    private const string Throttled = "contextstore.cosmos.throttled";
    private const string Timeouts = "contextstore.cosmos.timeouts";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordedSignals _signals;
    private readonly ListLogger<CosmosRequestSignals> _log = new();

    public CosmosRequestSignalsTests() => _signals = new RecordedSignals(_services.GetRequiredService<IMeterFactory>(), []);

    [Fact]
    public async Task TheRequestChargeOfAnAnswerIsRecordedForTheCurrentOperation()
    {
        using (CurrentOperation.Begin("GetSessionProperties", CancellationToken.None))
        {
            await SendAsync(ReadItem(), Answer(HttpStatusCode.OK, "4.76"));
        }

        var charge = Assert.Single(_signals.Of(Charge));
        Assert.Equal(4.76, charge.Value);
        Assert.Equal("RU", charge.Unit);
        Assert.Equal("GetSessionProperties", charge.Tag("contextstore.operation"));
        Assert.Equal(CosmosOperationName.Of(ReadItem()), charge.Tag("db.operation.name"));
        Assert.Equal(200, charge.Tag("db.response.status_code"));
    }

    [Fact]
    public async Task OutsideAnOperationTheChargeIsRecordedForCosmosDbsOwnOperation()
    {
        await SendAsync(ReadItem(), Answer(HttpStatusCode.OK, "1"));

        var charge = Assert.Single(_signals.Of(Charge));
        Assert.Equal(CosmosOperationName.Of(ReadItem()), charge.Tag("contextstore.operation"));
        Assert.Equal(charge.Tag("db.operation.name"), charge.Tag("contextstore.operation"));
    }

    [Fact]
    public async Task A429IsCountedAsThrottled()
    {
        await SendAsync(ReadItem(), Answer((HttpStatusCode)429, "0"));

        Assert.Single(_signals.Of(Throttled));
        Assert.Empty(_signals.Of(Timeouts));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A408OrA503AnswerIsCountedAsATimeout(HttpStatusCode status)
    {
        await SendAsync(ReadItem(), Answer(status, "0"));

        Assert.Equal((int)status, Assert.Single(_signals.Of(Timeouts)).Tag("db.response.status_code"));
        Assert.Empty(_signals.Of(Throttled));
    }

    [Fact]
    public async Task A503ThrownByTheSdkIsCountedAsATimeoutAndStillThrown()
    {
        var failure = new CosmosException("unavailable", HttpStatusCode.ServiceUnavailable, 0, "activity", 2.5);

        await Assert.ThrowsAsync<CosmosException>(() => SendAsync(ReadItem(), (_, _) => throw failure));

        Assert.Single(_signals.Of(Timeouts));
        Assert.Equal(2.5, Assert.Single(_signals.Of(Charge)).Value);
    }

    [Fact]
    public async Task ACallCancelledByTheStoresDeadlineIsCountedAsATimeout()
    {
        using (CurrentOperation.Begin("SetSessionProperties", CancellationToken.None))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendAsync(ReadItem(), (_, _) => throw new OperationCanceledException()));
        }

        var timeout = Assert.Single(_signals.Of(Timeouts));
        Assert.Equal("SetSessionProperties", timeout.Tag("contextstore.operation"));
        Assert.False(timeout.Tags.ContainsKey("db.response.status_code"));
    }

    [Fact]
    public async Task ACallCancelledBecauseTheClientWentAwayIsNoTimeout()
    {
        using var clientGone = new CancellationTokenSource();
        await clientGone.CancelAsync();
        using (CurrentOperation.Begin("SetSessionProperties", clientGone.Token))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendAsync(ReadItem(), (_, _) => throw new OperationCanceledException()));
        }

        Assert.Empty(_signals.Of(Timeouts));
    }

    [Fact]
    public async Task ACallSlowerThanTheThresholdIsLoggedAsAWarningWithItsOperation()
    {
        using (CurrentOperation.Begin("ListSessionIds", CancellationToken.None))
        {
            await SendAsync(Query(), async (_, _) =>
            {
                await Task.Delay(50);
                return Answer(HttpStatusCode.OK, "3")(null!, default).Result;
            }, slowRequestThreshold: TimeSpan.FromMilliseconds(1));
        }

        var line = Assert.Single(_log.Lines);
        Assert.StartsWith($"Warning: Slow Cosmos DB call: {CosmosOperationName.Of(Query())} for ListSessionIds answered 200 in ", line, StringComparison.Ordinal);
        Assert.Contains("diagnostics: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowCallsOfOneOperationAreLoggedOncePerIntervalAndOtherOperationsStillGetTheirs()
    {
        var handler = Handler(async (_, _) =>
        {
            await Task.Delay(20);
            return Answer(HttpStatusCode.OK, "1")(null!, default).Result;
        }, TimeSpan.FromMilliseconds(1));

        using (CurrentOperation.Begin("GetSessionProperties", CancellationToken.None))
        {
            for (var i = 0; i < 5; i++)
            {
                using var response = await handler.SendAsync(ReadItem(), CancellationToken.None);
            }
        }

        using (CurrentOperation.Begin("SetSessionProperties", CancellationToken.None))
        {
            using var response = await handler.SendAsync(ReadItem(), CancellationToken.None);
        }

        // Five calls take far less than the 10 s interval: one warning for the first operation, one for the second.
        Assert.Equal(
            ["GetSessionProperties", "SetSessionProperties"],
            _log.Lines.Select(l => l.Split(" for ")[1].Split(' ')[0]));
        Assert.Contains("(0 slow calls of it not logged since the last)", _log.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallFasterThanTheThresholdIsNotLogged()
    {
        await SendAsync(ReadItem(), Answer(HttpStatusCode.OK, "1"), slowRequestThreshold: TimeSpan.FromMinutes(10));

        Assert.Empty(_log.Lines);
    }

    [Fact]
    public async Task AListenerThatStartsAfterTheHandlerWasMadeGetsTheNextCall()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var handler = new CosmosRequestSignals(new ContextMetrics(meters), Options.Create(new CosmosOptions()), _log)
        {
            InnerHandler = new Answering(Answer(HttpStatusCode.OK, "2.5")),
        };
        using (var unheard = await handler.SendAsync(ReadItem(), CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.OK, unheard.StatusCode);
        }

        using var late = new RecordedSignals(meters, []);
        using (await handler.SendAsync(ReadItem(), CancellationToken.None))
        {
        }

        Assert.Equal(2.5, Assert.Single(late.Of(Charge)).Value);
    }

    [Fact]
    public async Task WithNoListenerASlowCallIsStillLogged()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var handler = new CosmosRequestSignals(
            new ContextMetrics(services.GetRequiredService<IMeterFactory>()),
            Options.Create(new CosmosOptions { SlowRequestThreshold = TimeSpan.FromMilliseconds(1) }), _log)
        {
            InnerHandler = new Answering(async (_, _) =>
            {
                await Task.Delay(20);
                return Answer(HttpStatusCode.OK, "1")(null!, default).Result;
            }),
        };

        using (CurrentOperation.Begin("GetSessionProperties", CancellationToken.None))
        using (await handler.SendAsync(ReadItem(), CancellationToken.None))
        {
        }

        Assert.StartsWith(
            $"Warning: Slow Cosmos DB call: {CosmosOperationName.Of(ReadItem())} for GetSessionProperties answered 200 in ",
            Assert.Single(_log.Lines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "dbs/d/colls/c/docs/session", null, "ReadItem")]
    [InlineData("GET", "dbs/d/colls/c/docs", null, "ReadFeed")]
    [InlineData("POST", "dbs/d/colls/c/docs", null, "CreateItem")]
    [InlineData("POST", "dbs/d/colls/c", null, "CreateItem")]
    [InlineData("POST", "dbs/d/colls/c", "x-ms-documentdb-is-upsert", "UpsertItem")]
    [InlineData("POST", "dbs/d/colls/c/docs", "x-ms-documentdb-is-upsert", "UpsertItem")]
    [InlineData("POST", "dbs/d/colls/c/docs", "x-ms-documentdb-isquery", "Query")]
    [InlineData("POST", "dbs/d/colls/c/docs", "x-ms-cosmos-is-query-plan-request", "QueryPlan")]
    [InlineData("PUT", "dbs/d/colls/c/docs/session", null, "ReplaceItem")]
    [InlineData("PATCH", "dbs/d/colls/c/docs/session", null, "PatchItem")]
    [InlineData("DELETE", "dbs/d/colls/c/docs/session", null, "DeleteItem")]
    [InlineData("POST", "dbs/d/colls/c/operations/partitionkeydelete", null, "DeleteAllByPartitionKey")]
    [InlineData("GET", "dbs/d/colls/c", null, "ReadContainer")]
    [InlineData("POST", "dbs/d/colls", null, "CreateContainer")]
    [InlineData("GET", "", null, "ReadAccount")]
    public void WithoutTheSdksTypesARequestIsNamedFromItsAddressNeverByAnId(string method, string address, string? trueHeader, string expected)
    {
        var request = new RequestMessage(new HttpMethod(method), new Uri(address, UriKind.Relative));
        if (trueHeader is not null)
        {
            request.Headers[trueHeader] = "True";
        }

        Assert.Equal(expected, CosmosOperationName.FromAddress(request));
    }

    [Theory]
    [InlineData("Read", "Document", "ReadItem")]
    [InlineData("Replace", "Document", "ReplaceItem")]
    [InlineData("Query", "Document", "Query")]
    [InlineData("SqlQuery", "Document", "Query")]
    [InlineData("QueryPlan", "Document", "QueryPlan")]
    [InlineData("Create", "Collection", "CreateContainer")]
    [InlineData("Delete", "PartitionKey", "DeletePartitionKey")]
    [InlineData("Read", "DatabaseAccount", "ReadDatabaseAccount")]
    public void WithTheSdksTypesARequestIsNamedByThem(string operation, string resource, string expected) =>
        Assert.Equal(expected, CosmosOperationName.FromTypes(operation, resource));

    public void Dispose()
    {
        _signals.Dispose();
        _services.Dispose();
    }

    private static RequestMessage ReadItem() => new(HttpMethod.Get, new Uri("dbs/context/colls/sessions/docs/session", UriKind.Relative));

    private static RequestMessage Query()
    {
        var request = new RequestMessage(HttpMethod.Post, new Uri("dbs/context/colls/sessions/docs", UriKind.Relative));
        request.Headers["x-ms-documentdb-isquery"] = "True";
        return request;
    }

    private static Func<RequestMessage, CancellationToken, Task<ResponseMessage>> Answer(HttpStatusCode status, string requestCharge) =>
        (_, _) =>
        {
            var response = new ResponseMessage(status);
            response.Headers["x-ms-request-charge"] = requestCharge;
            return Task.FromResult(response);
        };

    private async Task SendAsync(
        RequestMessage request, Func<RequestMessage, CancellationToken, Task<ResponseMessage>> inner, TimeSpan? slowRequestThreshold = null)
    {
        using var response = await Handler(inner, slowRequestThreshold ?? TimeSpan.FromMinutes(10)).SendAsync(request, CancellationToken.None);
    }

    private CosmosRequestSignals Handler(Func<RequestMessage, CancellationToken, Task<ResponseMessage>> inner, TimeSpan slowRequestThreshold) =>
        new(new ContextMetrics(_services.GetRequiredService<IMeterFactory>()), Options.Create(new CosmosOptions { SlowRequestThreshold = slowRequestThreshold }), _log)
        {
            InnerHandler = new Answering(inner),
        };

    private sealed class Answering(Func<RequestMessage, CancellationToken, Task<ResponseMessage>> answer) : RequestHandler
    {
        public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken) =>
            answer(request, cancellationToken);
    }
}
