namespace ContextStore.Http;

/// <summary>
/// The route templates of the contract, shared by ContextServer and the Azure Functions app so the two
/// hosts cannot drift. Literal segments win over parameters in both routers.
/// </summary>
public static class ContextRoutes
{
    public const string Account = "v1/account/{accountId}";
    public const string Namespace = Account + "/{ns}";
    public const string NamespaceProperties = Namespace + "/properties";
    public const string NamespaceProperty = Namespace + "/properties/{property}";
    public const string SessionProperties = Namespace + "/{sessionId}/properties";
    public const string SessionProperty = Namespace + "/{sessionId}/properties/{property}";
    public const string SessionIds = Namespace + "/session-ids";
    public const string SessionsWithProperties = Namespace + "/session-properties";
    public const string SessionTtls = Account + "/namespace/{ns}/session";
    public const string SessionTtl = Account + "/namespace/{ns}/session/{sessionId}";
}
