using System.Text;
using ContextAdmin.Api;
using ContextAdmin.Verification;

namespace ContextAdmin.UnitTests.Api;

public class PropertiesWritePlanTests
{
    [Fact]
    public void PropertiesWithinTheBodyLimitGoAsOnePatchByteForByte()
    {
        var properties = """{ "a" : 1.50, "b":"é" }"""u8.ToArray();

        var write = Assert.Single(PropertiesWritePlan.Plan(properties));

        Assert.Null(write.PropertyName);
        Assert.Equal(properties, write.Body.ToArray());
    }

    [Fact]
    public void LargerPropertiesAreCutBetweenTopLevelPropertiesAndAnOversizedOneIsPutAlone()
    {
        var json = $$$"""{"a":"{{{new string('a', 60)}}}","b":[1,2,3],"big":"{{{new string('x', 150)}}}","c":{"d":12345678901234567890}}""";

        var writes = PropertiesWritePlan.Plan(Encoding.UTF8.GetBytes(json), maxPatchBodyBytes: 100).ToList();

        Assert.All(writes.Where(w => w.PropertyName is null), w => Assert.InRange(w.Body.Length, 2, 100));
        var put = Assert.Single(writes, w => w.PropertyName is not null);
        Assert.Equal("big", put.PropertyName);
        Assert.Equal($"\"{new string('x', 150)}\"", Encoding.UTF8.GetString(put.Body.Span));
        Assert.Equal(CanonicalJsonHash.Of(Encoding.UTF8.GetBytes(json)), CanonicalJsonHash.Of(Encoding.UTF8.GetBytes(Merged(writes))));
    }

    [Fact]
    public void TheWritesKeepTheSourcesOrderOfThePropertiesAroundAnOversizedOne()
    {
        var json = $$$"""{"a":1,"B":"{{{new string('x', 150)}}}","c":2,"d":3}""";

        var writes = PropertiesWritePlan.Plan(Encoding.UTF8.GetBytes(json), maxPatchBodyBytes: 100);

        Assert.Equal(["{\"a\":1}", "B", "{\"c\":2,\"d\":3}"], writes.Select(w => w.PropertyName ?? Encoding.UTF8.GetString(w.Body.Span)));
    }

    [Fact]
    public void AValueNested64LevelsDeepIsPutAloneWhereItIs64LevelsAndThePatchIsNotDeeperThan64()
    {
        var deep = new string('[', 64) + new string(']', 64);
        var json = $$"""{"before":1,"deep":{{deep}},"after":2}""";

        var writes = PropertiesWritePlan.Plan(Encoding.UTF8.GetBytes(json));

        Assert.Equal(["{\"before\":1}", "deep", "{\"after\":2}"], writes.Select(w => w.PropertyName ?? Encoding.UTF8.GetString(w.Body.Span)));
        Assert.Equal(deep, Encoding.UTF8.GetString(writes[1].Body.Span));
    }

    [Theory]
    [InlineData(""".""")]
    [InlineData("""..""")]
    [InlineData("""a/b""")]
    [InlineData("""a#b""")]
    public void APropertyNameTheContractRefusesMakesTheSessionUnmovableBeforeAnyRequest(string name) =>
        Assert.Throws<UnmovablePropertiesException>(() => PropertiesWritePlan.Plan(Encoding.UTF8.GetBytes($$"""{"ok":1,"{{name}}":2}""")));

    [Fact]
    public void AValueTooDeepForAnyRequestMakesTheSessionUnmovable()
    {
        var json = $$"""{"deep":{{new string('[', 65) + new string(']', 65)}}}""";

        var e = Assert.Throws<UnmovablePropertiesException>(() => PropertiesWritePlan.Plan(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("nested 65 levels deep", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueLargerThanOneRequestMayCarryMakesTheSessionUnmovable()
    {
        var json = $$"""{"big":"{{new string('é', PropertiesWritePlan.MaxPutBodyBytes / 2)}}"}""";

        var e = Assert.Throws<UnmovablePropertiesException>(() => PropertiesWritePlan.Plan(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("property 'big' is 1048578 bytes", e.Message, StringComparison.Ordinal);
    }

    private static string Merged(IEnumerable<PropertiesWritePlan.Write> writes) =>
        "{" + string.Join(",", writes.Select(w => w.PropertyName is null
            ? Encoding.UTF8.GetString(w.Body.Span)[1..^1]
            : $"\"{w.PropertyName}\":{Encoding.UTF8.GetString(w.Body.Span)}")) + "}";
}
