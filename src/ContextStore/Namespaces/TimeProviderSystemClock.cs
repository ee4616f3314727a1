using Microsoft.Extensions.Internal;

namespace ContextStore.Namespaces;

/// <summary>Lets <c>MemoryCache</c> expire entries by the store's <see cref="TimeProvider"/>, the clock every TTL rule uses.</summary>
internal sealed class TimeProviderSystemClock(TimeProvider clock) : ISystemClock
{
    public DateTimeOffset UtcNow => clock.GetUtcNow();
}
