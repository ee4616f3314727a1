namespace ContextStore.Sessions;

/// <summary>One session of a listing page as the page is found: its id, and how many characters its properties hold.</summary>
public sealed record SessionPageEntry(string SessionId, int PropertiesLength);
