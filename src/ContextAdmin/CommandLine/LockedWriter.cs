namespace ContextAdmin.CommandLine;

/// <summary>Keeps lines whole when retries, progress and reports write at once.</summary>
public sealed class LockedWriter(TextWriter inner, Lock gate) : TextWriter
{
    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (gate)
        {
            inner.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (gate)
        {
            inner.Write(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (gate)
        {
            inner.WriteLine(value);
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override void Flush() => inner.Flush();
}
