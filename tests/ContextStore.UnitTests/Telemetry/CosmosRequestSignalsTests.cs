using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Reflection;
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

    /// <summary>Meters that no listener of this class watches: a test starts its own, or none.</summary>
    private readonly ServiceProvider _unheard = new ServiceCollection().AddMetrics().BuildServiceProvider();
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
        var meters = UnheardMeters;
        var handler = HandlerOn(meters, Answer(HttpStatusCode.OK, "2.5"));
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
        var handler = HandlerOn(UnheardMeters, async (_, _) =>
        {
            await Task.Delay(20);
            return Answer(HttpStatusCode.OK, "1")(null!, default).Result;
        }, TimeSpan.FromMilliseconds(1));

        using (CurrentOperation.Begin("GetSessionProperties", CancellationToken.None))
        using (await handler.SendAsync(ReadItem(), CancellationToken.None))
        {
        }

        Assert.StartsWith(
            $"Warning: Slow Cosmos DB call: {CosmosOperationName.Of(ReadItem())} for GetSessionProperties answered 200 in ",
            Assert.Single(_log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithOnlyTheThrottledCounterListenedToA429IsStillCounted()
    {
        var meters = UnheardMeters;
        using var throttled = new OneInstrument(meters, Throttled);

        using (CurrentOperation.Begin("SetSessionProperties", CancellationToken.None))
        using (await HandlerOn(meters, Answer((HttpStatusCode)429, "0.4")).SendAsync(ReadItem(), CancellationToken.None))
        {
        }

        var call = Assert.Single(throttled.Measurements);
        Assert.Equal("SetSessionProperties", call["contextstore.operation"]);
        Assert.Equal(CosmosOperationName.Of(ReadItem()), call["db.operation.name"]);
        Assert.Equal(429, call["db.response.status_code"]);
    }

    [Fact]
    public async Task WithOnlyTheTimeoutsCounterListenedToACallCutByTheStoresDeadlineIsStillCounted()
    {
        var meters = UnheardMeters;
        using var timeouts = new OneInstrument(meters, Timeouts);

        using (CurrentOperation.Begin("GetSessionProperties", CancellationToken.None))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => HandlerOn(meters, (_, _) => throw new OperationCanceledException()).SendAsync(ReadItem(), CancellationToken.None));
        }

        var call = Assert.Single(timeouts.Measurements);
        Assert.Equal("GetSessionProperties", call["contextstore.operation"]);
        Assert.False(call.ContainsKey("db.response.status_code"));
    }

    [Fact]
    public async Task WithOnlyTheTimeoutsCounterListenedToA503ThrownByTheSdkIsStillCounted()
    {
        var meters = UnheardMeters;
        using var timeouts = new OneInstrument(meters, Timeouts);
        var failure = new CosmosException("unavailable", HttpStatusCode.ServiceUnavailable, 0, "activity", 1);

        await Assert.ThrowsAsync<CosmosException>(() => HandlerOn(meters, (_, _) => throw failure).SendAsync(ReadItem(), CancellationToken.None));

        Assert.Equal(503, Assert.Single(timeouts.Measurements)["db.response.status_code"]);
    }

    [Fact]
    public async Task WithOnlyTheChargeHistogramListenedToA429sChargeIsRecorded()
    {
        var meters = UnheardMeters;
        using var charge = new OneInstrument(meters, Charge);

        using (await HandlerOn(meters, Answer((HttpStatusCode)429, "0.4")).SendAsync(ReadItem(), CancellationToken.None))
        {
        }

        Assert.Equal(429, Assert.Single(charge.Measurements)["db.response.status_code"]);
        Assert.Equal(0.4, Assert.Single(charge.Values));
    }

    [Fact]
    public async Task WithNoListenerACosmosExceptionIsThrownAsItWasAndASlowOneIsLogged()
    {
        var failure = new CosmosException("throttled", (HttpStatusCode)429, 0, "activity", 1);
        var handler = HandlerOn(UnheardMeters, async (_, _) =>
        {
            await Task.Delay(20);
            throw failure;
        }, TimeSpan.FromMilliseconds(1));

        using (CurrentOperation.Begin("SetSessionProperties", CancellationToken.None))
        {
            Assert.Same(failure, await Assert.ThrowsAsync<CosmosException>(() => handler.SendAsync(ReadItem(), CancellationToken.None)));
        }

        Assert.StartsWith(
            $"Warning: Slow Cosmos DB call: {CosmosOperationName.Of(ReadItem())} for SetSessionProperties answered 429 in ",
            Assert.Single(_log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoListenerACallCutByTheStoresDeadlineIsLoggedWhenSlowAndACallerCancellationIsNot()
    {
        var handler = HandlerOn(UnheardMeters, async (_, _) =>
        {
            await Task.Delay(20);
            throw new OperationCanceledException();
        }, TimeSpan.FromMilliseconds(1));
        using var clientGone = new CancellationTokenSource();
        await clientGone.CancelAsync();

        using (CurrentOperation.Begin("GetSessionProperties", clientGone.Token))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.SendAsync(ReadItem(), CancellationToken.None));
        }

        using (CurrentOperation.Begin("SetSessionProperties", CancellationToken.None))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.SendAsync(ReadItem(), CancellationToken.None));
        }

        Assert.StartsWith(
            $"Warning: Slow Cosmos DB call: {CosmosOperationName.Of(ReadItem())} for SetSessionProperties answered 0 in ",
            Assert.Single(_log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsWhileAListenerStartsAndStopsAllSucceedAndOnlyThoseItHeardAreRecorded()
    {
        var meters = UnheardMeters;
        var handler = HandlerOn(meters, Answer(HttpStatusCode.OK, "1"));
        var heard = 0;
        var calls = Enumerable.Range(0, 400).Select(async _ =>
        {
            await Task.Yield();
            using var response = await handler.SendAsync(ReadItem(), CancellationToken.None);
            return response.StatusCode;
        }).ToList();
        using (var listener = new OneInstrument(meters, Charge))
        {
            await Task.WhenAll(calls);
            heard = listener.Measurements.Count;
        }

        using (await handler.SendAsync(ReadItem(), CancellationToken.None))
        {
        }

        Assert.All(await Task.WhenAll(calls), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.InRange(heard, 0, 400);
        using var late = new OneInstrument(meters, Charge);
        using (await handler.SendAsync(ReadItem(), CancellationToken.None))
        {
        }

        Assert.Equal(1.0, Assert.Single(late.Values));
    }

    [Fact]
    public async Task AnAnswerWhoseChargeCannotBeReadIsStillReturnedAndCountedWithoutACharge()
    {
        // Measuring must not fail a call Cosmos DB answered: before, a listener made this call throw FormatException.
        using var response = await Handler(Answer((HttpStatusCode)429, "not a number"), TimeSpan.FromMinutes(10))
            .SendAsync(ReadItem(), CancellationToken.None);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal(429, Assert.Single(_signals.Of(Throttled)).Tag("db.response.status_code"));
        Assert.Empty(_signals.Of(Charge));
    }

    [Fact]
    public async Task AnAnswerWithoutAChargeHeaderIsRecordedAsNoCharge()
    {
        using (await Handler((_, _) => Task.FromResult(new ResponseMessage(HttpStatusCode.NotFound)), TimeSpan.FromMinutes(10))
            .SendAsync(ReadItem(), CancellationToken.None))
        {
        }

        Assert.Equal(0, Assert.Single(_signals.Of(Charge)).Value);
    }

    [Fact]
    public void TheSdksTypesNameARequestByBothItsOperationAndItsResource()
    {
        Assert.Equal("ReadItem", CosmosOperationName.Of(Typed("Read", "Document")));
        Assert.Equal("ReplaceItem", CosmosOperationName.Of(Typed("Replace", "Document")));
        Assert.Equal("ReadContainer", CosmosOperationName.Of(Typed("Read", "Collection")));
        Assert.Equal("ReadItem", CosmosOperationName.Of(Typed("Read", "Document")));
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
        _unheard.Dispose();
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

    private IMeterFactory UnheardMeters => _unheard.GetRequiredService<IMeterFactory>();

    /// <summary>The handler on the meters <see cref="_signals"/> records.</summary>
    private CosmosRequestSignals Handler(Func<RequestMessage, CancellationToken, Task<ResponseMessage>> inner, TimeSpan slowRequestThreshold) =>
        HandlerOn(_services.GetRequiredService<IMeterFactory>(), inner, slowRequestThreshold);

    /// <param name="slowRequestThreshold">The default of <see cref="CosmosOptions"/> when null.</param>
    private CosmosRequestSignals HandlerOn(
        IMeterFactory meters, Func<RequestMessage, CancellationToken, Task<ResponseMessage>> inner, TimeSpan? slowRequestThreshold = null)
    {
        var options = new CosmosOptions();
        if (slowRequestThreshold is { } threshold)
        {
            options.SlowRequestThreshold = threshold;
        }

        return new(new ContextMetrics(meters), Options.Create(options), _log) { InnerHandler = new Answering(inner) };
    }

    /// <summary>A request with the SDK's internal operation and resource types set, as the SDK sets them.</summary>
    private static RequestMessage Typed(string operation, string resource)
    {
        var request = ReadItem();
        foreach (var (property, value) in new[] { ("OperationType", operation), ("ResourceType", resource) })
        {
            var info = typeof(RequestMessage).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic)!;
            info.SetValue(request, Enum.Parse(info.PropertyType, value));
        }

        return request;
    }

    /// <summary>A listener that enables one of the store's instruments and no other.</summary>
    private sealed class OneInstrument : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(double Value, Dictionary<string, object?> Tags)> _measurements = new();

        public OneInstrument(IMeterFactory meters, string name)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
            _listener.Start();
        }

        public IReadOnlyList<Dictionary<string, object?>> Measurements => [.. _measurements.Select(m => m.Tags)];

        public IReadOnlyList<double> Values => [.. _measurements.Select(m => m.Value)];

        public void Dispose() => _listener.Dispose();

        private void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _measurements.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)));
    }

    private sealed class Answering(Func<RequestMessage, CancellationToken, Task<ResponseMessage>> answer) : RequestHandler
    {
        public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken) =>
            answer(request, cancellationToken);
    }
}
