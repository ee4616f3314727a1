using System.Text;
using ContextKeys.Api;
using ContextKeys.Verification;

namespace ContextKeys.UnitTests.Api;

public class PropertiesPatchPlanTests
{
    [Fact]
    public void PropertiesWithinTheBodyLimitGoAsOnePatchByteForByte()
    {
        var properties = """{ "a" : 1.50, "b":"é" }"""u8.ToArray();

        var write = Assert.Single(PropertiesPatchPlan.Split(properties));

        Assert.Null(write.PropertyName);
        Assert.Equal(properties, write.Body.ToArray());
    }

    [Fact]
    public void LargerPropertiesAreCutBetweenTopLevelPropertiesAndAnOversizedOneIsPutAlone()
    {
        var json = $$$"""{"a":"{{{new string('a', 60)}}}","b":[1,2,3],"big":"{{{new string('x', 150)}}}","c":{"d":12345678901234567890}}""";

        var writes = PropertiesPatchPlan.Split(Encoding.UTF8.GetBytes(json), maxBodyBytes: 100).ToList();

        Assert.All(writes.Where(w => w.PropertyName is null), w => Assert.InRange(w.Body.Length, 2, 100));
        var put = Assert.Single(writes, w => w.PropertyName is not null);
        Assert.Equal("big", put.PropertyName);
        Assert.Equal($"\"{new string('x', 150)}\"", Encoding.UTF8.GetString(put.Body.Span));
        var merged = "{" + string.Join(",", writes.Where(w => w.PropertyName is null).Select(w => Encoding.UTF8.GetString(w.Body.Span)[1..^1])
            .Append($"\"big\":{Encoding.UTF8.GetString(put.Body.Span)}")) + "}";
        Assert.Equal(CanonicalJsonHash.Of(Encoding.UTF8.GetBytes(json)), CanonicalJsonHash.Of(Encoding.UTF8.GetBytes(merged)));
    }
}
