namespace ContextStore.Sessions;

/// <summary>One entity tag of an If-Match list: its opaque tag with the quotes, and whether it came as <c>W/</c>.</summary>
public readonly record struct EntityTag(string OpaqueTag, bool IsWeak);
