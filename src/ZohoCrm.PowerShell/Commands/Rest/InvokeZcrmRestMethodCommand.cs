using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Http;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Rest
{
    /// <summary>
    /// Calls any Zoho CRM endpoint with the connection's auth, retries, concurrency limit and (with -All) paging.
    /// The escape hatch for what the other cmdlets do not cover.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ZcrmRestMethod", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeZcrmRestMethodCommand : ZcrmApiCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE")]
        public string Method { get; set; } = "GET";

        /// <summary>
        /// Relative to /crm/{version}/ (Leads, settings/modules, Leads/123/Notes), or an absolute path starting with
        /// /crm/ (/crm/bulk/v8/read). A query string may be included.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>A hashtable, object or array sent as JSON, or a string that already is JSON.</summary>
        [Parameter(Position = 2)]
        public object? Body { get; set; }

        [Parameter]
        public IDictionary? Query { get; set; }

        /// <summary>Extra request headers, such as X-EXTERNAL or If-Modified-Since.</summary>
        [Parameter]
        public IDictionary? Headers { get; set; }

        /// <summary>Follow the answer's info block page by page and stream the items of every page.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>Declares a POST or PATCH safe to send again when its outcome is unknown (a query, an upsert).</summary>
        [Parameter]
        public SwitchParameter Idempotent { get; set; }

        protected override void ProcessRecord()
        {

            string checkedPath;
            try { checkedPath = ApiPath.Check(Path, Session.Connection.Settings.Endpoints.ApiDomain); }
            catch (Core.Errors.ZcrmUsageException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Path));
                return;
            }

            var method = new HttpMethod(Method.ToUpperInvariant());
            if (method != HttpMethod.Get && !ShouldProcess(Path, $"Send {method.Method} to Zoho CRM")) return;

            ApiRequest Build()
            {
                var (path, inlineQuery) = SplitPath(checkedPath);
                var request = new ApiRequest(method, path);
                foreach (var kv in inlineQuery) request.AddQuery(kv.Key, kv.Value);
                if (Query != null)
                    foreach (DictionaryEntry entry in Query)
                        request.AddQuery(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, FormatQueryValue(entry.Value));
                if (Headers != null)
                    foreach (DictionaryEntry entry in Headers)
                        request.Headers[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? string.Empty;
                if (Body != null) request.JsonBody = ToJsonBody(Body);
                if (Idempotent) request.IsIdempotent = true;
                request.Credits = CreditEstimator.Estimate(request);
                // A write whose records all failed answers 400 with one result per record: all of them are wanted.
                request.AllowErrorStatus = method != HttpMethod.Get;
                return request;
            }

            try
            {
                Build(); // invalid input fails here, before anything is sent
                RunAsync(async (log, ct) =>
                {
                    var api = Session.Connection.Api;
                    if (!All)
                    {
                        var request = Build();
                        var (status, body) = await api.SendAsync(request, async (response, _) => (response.StatusCode, await response.ReadJsonAsync().ConfigureAwait(false)), log, ct).ConfigureAwait(false);
                        if (status >= 400) ReportFailedWrite(request, status, body);
                        else if (body != null) Emit(JsonObjects.ToPSValue(body));
                        return;
                    }
                    var firstPage = int.TryParse(Build().GetQuery("page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 1;
                    var pager = new JsonPager(api, Build, firstPage);
                    while (await pager.NextAsync(log, ct).ConfigureAwait(false) is JToken page)
                    {
                        var items = JsonPager.ItemsOf(page);
                        if (items == null) { Emit(JsonObjects.ToPSValue(page)); continue; }
                        var objects = items.Select(i => JsonObjects.ToPSValue(i)!).ToArray();
                        EmitAll(objects);
                    }
                });
            }
            catch (Exception ex) when (!IsPipelineControl(ex))
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Path));
            }
        }

        /// <summary>
        /// A 4xx answer to a write: per-record results (data[] or watch[]) are all returned, each failed one also as a
        /// non-terminating error; any other error body ends the command like any Zoho error.
        /// </summary>
        private void ReportFailedWrite(ApiRequest request, int status, JToken? body)
        {
            var items = JsonPager.ItemsOf(body);
            if (items == null || !items.OfType<JObject>().Any(i => i["status"] != null))
            {
                if (!Core.Errors.ZohoErrorBody.TryRead(body, out var code, out var message, out var details))
                    (code, message, details) = ("HTTP_" + status.ToString(CultureInfo.InvariantCulture), $"Zoho answered HTTP {status}.", new Dictionary<string, object?>());
                throw new Core.Errors.ZohoApiException(status, code, message, details, request.Method.Method, request.ResolvePath(Session.Connection.Api.ApiVersion));
            }
            Emit(JsonObjects.ToPSValue(body));
            foreach (var item in items.OfType<JObject>().Where(i => (string?)i["status"] == "error"))
            {
                var error = new Core.Errors.ZohoApiException(status, (string?)item["code"] ?? "UNKNOWN_ERROR", (string?)item["message"] ?? string.Empty,
                    Core.Errors.ZohoErrorBody.ToDictionary(item["details"] as JObject), request.Method.Method, request.ResolvePath(Session.Connection.Api.ApiVersion));
                EmitError(ErrorRecords.From(error, JsonObjects.ToPSValue(item)));
            }
        }

        private static JToken ToJsonBody(object body)
        {
            var raw = body is PSObject pso ? pso.BaseObject : body;
            if (raw is string text)
            {
                try { return JToken.Parse(text); }
                catch (Newtonsoft.Json.JsonException ex) { throw new ArgumentException("-Body is a string but not valid JSON: " + ex.Message); }
            }
            return JsonObjects.ToJson(body);
        }

        private static string? FormatQueryValue(object? value)
        {
            var raw = value is PSObject pso ? pso.BaseObject : value;
            switch (raw)
            {
                case null: return null;
                case bool flag: return flag ? "true" : "false";
                case string s: return s;
                case IEnumerable sequence: return string.Join(",", sequence.Cast<object>().Select(o => Convert.ToString(o is PSObject p ? p.BaseObject : o, CultureInfo.InvariantCulture)));
                default: return Convert.ToString(raw, CultureInfo.InvariantCulture);
            }
        }

        private static (string Path, List<KeyValuePair<string, string>> Query) SplitPath(string path)
        {
            var query = new List<KeyValuePair<string, string>>();
            var index = path.IndexOf('?');
            if (index < 0) return (path, query);
            foreach (var part in path.Substring(index + 1).Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                var key = Uri.UnescapeDataString(eq < 0 ? part : part.Substring(0, eq));
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(part.Substring(eq + 1).Replace('+', ' '));
                query.Add(new KeyValuePair<string, string>(key, value));
            }
            return (path.Substring(0, index), query);
        }
    }
}
