using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Net;
using System.Security;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Errors;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>
    /// Executes a CRM function exposed as REST API with the connection's OAuth token, or with the function's API key
    /// (-ApiKey, never shown). Its output (a JSON string inside Zoho's answer) comes back as objects.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ZcrmFunction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class InvokeZcrmFunctionCommand : ZcrmApiCmdlet
    {
        /// <summary>The function's API name as its REST API URL shows it (lower case, such as open_deals_by_owner).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidatePattern("^[A-Za-z0-9_]+$")]
        [Alias("FunctionName")]
        public string Name { get; set; } = string.Empty;

        /// <summary>The function's arguments by name: query parameters with -Method Get, a JSON body with -Method Post.</summary>
        [Parameter(Position = 1)]
        [Alias("Arguments")]
        public Hashtable? Argument { get; set; }

        [Parameter]
        [ValidateSet("Get", "Post")]
        public string Method { get; set; } = "Get";

        /// <summary>The function's API key (its REST API URL's zapikey); without it the connection's OAuth token is used.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        protected override void ProcessRecord()
        {
            var arguments = new List<KeyValuePair<string, JToken?>>();
            if (Argument != null)
            {
                foreach (DictionaryEntry entry in Argument)
                {
                    var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    if (key == "auth_type" || key == "zapikey")
                        ThrowTerminating(new ZcrmUsageException("ZcrmReservedArgument", $"'{key}' is set by the module and cannot be an argument.", "Use -ApiKey for API-key functions."), key);
                    try { arguments.Add(new KeyValuePair<string, JToken?>(key, JsonObjects.ToJson(entry.Value))); }
                    catch (ArgumentException ex) { ThrowTerminating(new ZcrmUsageException("ZcrmInvalidArgument", $"The argument '{key}' cannot be sent: {ex.Message}"), key); }
                }
            }
            if (!ShouldProcess($"function {Name} ({arguments.Count} argument{(arguments.Count == 1 ? "" : "s")})", "Execute")) return;

            var apiKey = ApiKey == null ? null : new NetworkCredential(string.Empty, ApiKey).Password;
            var method = Method == "Post" ? HttpMethod.Post : HttpMethod.Get;
            Run(async (log, ct) =>
            {
                Core.Org.FunctionResult result;
                try
                {
                    result = await Session.Connection.Functions.ExecuteAsync(Name, arguments, method, apiKey, log, ct).ConfigureAwait(false);
                }
                catch (ZohoApiException ex) when (ex.HttpStatus == 404 || ex.Code == "INVALID_URL_PATTERN")
                {
                    throw new ZcrmUsageException("ZcrmFunctionNotFound", $"There is no function '{Name}' exposed as REST API in this org (Zoho answered {ex.Code}).",
                        "Check the function's API name on its REST API page in Zoho CRM (Setup > Functions), and that REST API access is enabled for it.");
                }
                catch (ZohoApiException ex) when (apiKey != null && ex.HttpStatus == 401)
                {
                    throw new ZcrmUsageException("ZcrmFunctionKeyRejected", $"Zoho refused the API key of function '{Name}' ({ex.Code}).",
                        "Copy the key again from the function's REST API page (regenerating it invalidates the old one), or call it without -ApiKey to use OAuth.");
                }
                if (result.Output != null) Post(() => WriteObject(JsonObjects.ToPSValue(result.Output), enumerateCollection: true));
            }, Name);
        }
    }
}
