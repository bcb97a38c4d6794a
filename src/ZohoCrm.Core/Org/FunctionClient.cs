using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Org
{
    /// <summary>What a function returned: its output parsed as JSON when it is JSON, else the text.</summary>
    public sealed class FunctionResult
    {
        public FunctionResult(JToken? output, string? code, string? message)
        {
            Output = output;
            Code = code;
            Message = message;
        }

        /// <summary>An object, array or value when the output is JSON; a string value otherwise; null for no output.</summary>
        public JToken? Output { get; }

        public string? Code { get; }

        public string? Message { get; }
    }

    /// <summary>
    /// Executes a function exposed as REST API (fact sheet §20): <c>/crm/{version}/functions/{name}/actions/execute</c>
    /// with the connection's OAuth token (<c>auth_type=oauth</c>) or with the function's own key
    /// (<c>auth_type=apikey&amp;zapikey=</c>, no token sent). GET passes the arguments as query parameters, POST as a
    /// JSON body. The output arrives as a string inside <c>details.output</c> and is parsed a second time.
    /// </summary>
    public sealed class FunctionClient
    {
        private readonly ZohoApiClient _api;

        public FunctionClient(ZohoApiClient api) { _api = api; }

        public async Task<FunctionResult> ExecuteAsync(string name, IReadOnlyList<KeyValuePair<string, JToken?>> arguments, HttpMethod method, string? apiKey, IZcrmLog log, CancellationToken ct)
        {
            var apiName = (name ?? string.Empty).Trim();
            if (apiName.Length == 0 || apiName.Any(c => !(char.IsLetterOrDigit(c) || c == '_')))
                throw new ZcrmUsageException("ZcrmInvalidFunctionName", $"'{name}' is not a function API name: it has only letters, digits and underscores.");
            var request = new ApiRequest(method, "functions/" + apiName + "/actions/execute");
            if (apiKey != null)
            {
                // The key is a credential: masked wherever text could show it, and no OAuth token travels with it.
                SecretRedactor.Register(apiKey);
                request.AddQuery("auth_type", "apikey").AddQuery("zapikey", apiKey);
                request.Anonymous = true;
                request.SecretQuery.Add("zapikey");
            }
            else
            {
                request.AddQuery("auth_type", "oauth");
            }

            if (method == HttpMethod.Get)
            {
                foreach (var argument in arguments) request.AddQuery(argument.Key, AsText(argument.Value));
                request.IsIdempotent = true;
            }
            else
            {
                var body = new JObject();
                foreach (var argument in arguments) body[argument.Key] = argument.Value ?? JValue.CreateNull();
                request.JsonBody = body;
            }

            // API-key executions count against the function's own limits, not the org's API credits (§20.4 (?)).
            request.Credits = apiKey != null ? 0 : 1;
            var answer = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            return Parse(answer);
        }

        /// <summary>
        /// The default envelope <c>{"code":"success","details":{"output":"…"}}</c> gives its output (JSON parsed when it is
        /// JSON); a function that answers with its own body (crmAPIResponse) gives that body.
        /// </summary>
        public static FunctionResult Parse(JToken? answer)
        {
            if (answer is JObject envelope && envelope["details"] is JObject details && details.TryGetValue("output", out var output))
            {
                var parsed = output.Type == JTokenType.String ? ParseText((string?)output) : output;
                return new FunctionResult(parsed, (string?)envelope["code"], (string?)envelope["message"]);
            }
            return new FunctionResult(answer, null, null);
        }

        private static JToken? ParseText(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            var trimmed = text!.Trim();
            if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal))
            {
                try { return JToken.Parse(trimmed); }
                catch (JsonException) { }
            }
            return new JValue(text);
        }

        private static string AsText(JToken? value)
        {
            if (value == null || value.Type == JTokenType.Null) return string.Empty;
            if (value.Type == JTokenType.String) return (string)value!;
            if (value.Type == JTokenType.Boolean) return (bool)value ? "true" : "false";
            if (value is JValue plain && plain.Value is IFormattable formattable) return formattable.ToString(null, CultureInfo.InvariantCulture);
            return value.ToString(Formatting.None);
        }
    }
}
