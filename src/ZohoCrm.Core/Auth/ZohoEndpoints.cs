using System;
using System.Collections.Generic;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Auth
{
    /// <summary>The accounts server and API domain of a data centre and environment, with optional overrides.</summary>
    public sealed class ZohoEndpoints
    {
        /// <summary>The API version the module targets by default (fact sheet §2: v8 is current).</summary>
        public const string DefaultApiVersion = "v8";

        private static readonly Dictionary<DataCenter, (string Accounts, string Tld)> Table = new Dictionary<DataCenter, (string, string)>
        {
            [DataCenter.US] = ("https://accounts.zoho.com", "com"),
            [DataCenter.EU] = ("https://accounts.zoho.eu", "eu"),
            [DataCenter.IN] = ("https://accounts.zoho.in", "in"),
            [DataCenter.AU] = ("https://accounts.zoho.com.au", "com.au"),
            [DataCenter.CN] = ("https://accounts.zoho.com.cn", "com.cn"),
            [DataCenter.JP] = ("https://accounts.zoho.jp", "jp"),
            [DataCenter.CA] = ("https://accounts.zohocloud.ca", "ca"),
            [DataCenter.SA] = ("https://accounts.zoho.sa", "sa"),
            [DataCenter.UK] = ("https://accounts.zoho.uk", "uk"),
        };

        public ZohoEndpoints(Uri accountsUrl, Uri apiDomain)
        {
            AccountsUrl = UrlPolicy.RequireSecure(accountsUrl, "accounts URL");
            ApiDomain = UrlPolicy.RequireSecure(apiDomain, "API domain");
        }

        public Uri AccountsUrl { get; }

        public Uri ApiDomain { get; }

        public static Uri AccountsUrlFor(DataCenter dataCenter) => new Uri(Table[dataCenter].Accounts);

        public static Uri ApiDomainFor(DataCenter dataCenter, ZohoEnvironment environment)
        {
            var host = environment switch
            {
                ZohoEnvironment.Sandbox => "sandbox",
                ZohoEnvironment.Developer => "developer",
                _ => "www",
            };
            return new Uri("https://" + host + ".zohoapis." + Table[dataCenter].Tld);
        }

        /// <summary>Resolves the pair, with <paramref name="accountsOverride"/> and <paramref name="apiOverride"/> winning when given.</summary>
        public static ZohoEndpoints Resolve(DataCenter dataCenter, ZohoEnvironment environment, Uri? accountsOverride, Uri? apiOverride)
            => new ZohoEndpoints(accountsOverride ?? AccountsUrlFor(dataCenter), apiOverride ?? ApiDomainFor(dataCenter, environment));

        /// <summary>The data centre whose accounts server or API domain has this host, if any.</summary>
        public static DataCenter? DataCenterOf(Uri url)
        {
            foreach (var entry in Table)
            {
                var tld = "." + entry.Value.Tld;
                if (url.Host.EndsWith("zohoapis" + tld, StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(url.Host, new Uri(entry.Value.Accounts).Host, StringComparison.OrdinalIgnoreCase))
                    return entry.Key;
            }
            return null;
        }
    }
}
