using System.Buffers.Binary;
using System.Text;

namespace ContextServer.EndToEndTests.Telemetry;

/// <summary>A data point of an OTLP metric: the meter (instrumentation scope), the metric's name and unit, the point's attributes.</summary>
public sealed record OtlpMetricPoint(string Scope, string Metric, string Unit, IReadOnlyDictionary<string, string> Attributes);

/// <summary>An OTLP span: its scope (activity source), name, ids and attributes.</summary>
public sealed record OtlpSpan(string Scope, string Name, string TraceId, string SpanId, string ParentSpanId, IReadOnlyDictionary<string, string> Attributes);

/// <summary>An OTLP log record: its scope (the logger's category), severity number (9 information, 13 warning) and body.</summary>
public sealed record OtlpLogRecord(string Scope, int Severity, string Body);

/// <summary>
/// Reads the few fields of OTLP's export requests that the tests look at, by their field numbers in
/// opentelemetry-proto (metrics/v1, trace/v1, common/v1), with a plain protobuf wire-format reader.
/// </summary>
public static class OtlpProtobuf
{
    public static IEnumerable<OtlpMetricPoint> MetricPoints(byte[] exportMetricsServiceRequest)
    {
        foreach (var resourceMetrics in Messages(exportMetricsServiceRequest, 1))
        {
            foreach (var scopeMetrics in Messages(resourceMetrics, 2))
            {
                var scope = ScopeName(scopeMetrics);
                foreach (var metric in Messages(scopeMetrics, 2))
                {
                    var name = Text(metric, 1);
                    var unit = Text(metric, 3);
                    // gauge 5, sum 7, histogram 9, exponential histogram 10: data_points 1; attributes are field 7 of a
                    // number data point and field 9 of a histogram data point.
                    foreach (var (kind, attributesField) in new[] { (5, 7), (7, 7), (9, 9), (10, 1) })
                    {
                        foreach (var data in Messages(metric, kind))
                        {
                            foreach (var point in Messages(data, 1))
                            {
                                yield return new OtlpMetricPoint(scope, name, unit, Attributes(point, attributesField));
                            }
                        }
                    }
                }
            }
        }
    }

    public static IEnumerable<OtlpSpan> Spans(byte[] exportTraceServiceRequest)
    {
        foreach (var resourceSpans in Messages(exportTraceServiceRequest, 1))
        {
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                var scope = ScopeName(scopeSpans);
                foreach (var span in Messages(scopeSpans, 2))
                {
                    yield return new OtlpSpan(
                        scope, Text(span, 5), Hex(span, 1), Hex(span, 2), Hex(span, 4), Attributes(span, 9));
                }
            }
        }
    }

    public static IEnumerable<OtlpLogRecord> LogRecords(byte[] exportLogsServiceRequest)
    {
        foreach (var resourceLogs in Messages(exportLogsServiceRequest, 1))
        {
            foreach (var scopeLogs in Messages(resourceLogs, 2))
            {
                var scope = ScopeName(scopeLogs);
                foreach (var record in Messages(scopeLogs, 2))
                {
                    var severity = Fields(record).Where(f => f.Number == 2 && f.WireType == 0).Select(f => (int)f.Varint).FirstOrDefault();
                    yield return new OtlpLogRecord(scope, severity, AnyValue(Messages(record, 5).FirstOrDefault()));
                }
            }
        }
    }

    private static string ScopeName(byte[] scoped) => Messages(scoped, 1).Select(scope => Text(scope, 1)).FirstOrDefault() ?? "";

    private static Dictionary<string, string> Attributes(byte[] message, int field) =>
        Messages(message, field).ToDictionary(keyValue => Text(keyValue, 1), keyValue => AnyValue(Messages(keyValue, 2).FirstOrDefault()), StringComparer.Ordinal);

    /// <summary>AnyValue: string 1, bool 2, int 3, double 4.</summary>
    private static string AnyValue(byte[]? value)
    {
        if (value is null)
        {
            return "";
        }

        foreach (var (number, wireType, bytes, varint) in Fields(value))
        {
            switch (number)
            {
                case 1 when wireType == 2:
                    return Encoding.UTF8.GetString(bytes);
                case 2 when wireType == 0:
                    return varint != 0 ? "true" : "false";
                case 3 when wireType == 0:
                    return ((long)varint).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 4 when wireType == 1:
                    return BitConverter.Int64BitsToDouble((long)varint).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return "";
    }

    private static IEnumerable<byte[]> Messages(byte[] message, int field) =>
        Fields(message).Where(f => f.Number == field && f.WireType == 2).Select(f => f.Bytes);

    private static string Text(byte[] message, int field) =>
        Messages(message, field).Select(bytes => Encoding.UTF8.GetString(bytes)).FirstOrDefault() ?? "";

    private static string Hex(byte[] message, int field) => Convert.ToHexStringLower(Messages(message, field).FirstOrDefault() ?? []);

    private static List<(int Number, int WireType, byte[] Bytes, ulong Varint)> Fields(byte[] message)
    {
        var fields = new List<(int, int, byte[], ulong)>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var (number, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0:
                    fields.Add((number, wireType, [], ReadVarint(message, ref position)));
                    break;
                case 1:
                    fields.Add((number, wireType, [], BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(position, 8))));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    fields.Add((number, wireType, message.AsSpan(position, length).ToArray(), 0));
                    position += length;
                    break;
                case 5:
                    fields.Add((number, wireType, [], BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(position, 4))));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Wire type {wireType} at byte {position} is not one OTLP uses.");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
