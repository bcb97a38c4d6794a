namespace ZohoCrm.Core.Auth
{
    /// <summary>Zoho data centres (fact sheet §1.1).</summary>
    public enum DataCenter
    {
        US,
        EU,
        IN,
        AU,
        CN,
        JP,
        CA,
        SA,
        UK,
    }

    /// <summary>The kind of CRM org: each has its own API domain in the same data centre.</summary>
    public enum ZohoEnvironment
    {
        Production,
        Sandbox,
        Developer,
    }
}
