namespace ContextServer.EndToEndTests;

/// <summary>
/// An end-to-end test class that runs against ContextServer only, with the reason (for example ContextServer's
/// controlled clock). Every other <see cref="EndToEndTestBase"/> class also runs against the Functions app.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ContextServerOnlyAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
