using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Records
{
    /// <summary>How to convert a lead (fact sheet §5); everything optional.</summary>
    public sealed class LeadConversion
    {
        public string? AccountId { get; set; }
        public string? ContactId { get; set; }

        /// <summary>Fields of a deal to create (Deal_Name, Closing_Date, Stage, …).</summary>
        public JObject? Deal { get; set; }

        public string? AssignTo { get; set; }
        public bool? Overwrite { get; set; }
        public bool? NotifyLeadOwner { get; set; }
        public bool? NotifyNewEntityOwner { get; set; }
    }

    /// <summary>The ids a conversion produced, or Zoho's reason it did not happen.</summary>
    public sealed class LeadConversionResult
    {
        public string LeadId { get; set; } = string.Empty;
        public bool Succeeded { get; set; }
        public string? ContactId { get; set; }
        public string? AccountId { get; set; }
        public string? DealId { get; set; }
        public string Code { get; set; } = string.Empty;
        public string Message { get; set; } = string.Empty;
        public IReadOnlyDictionary<string, object?> Details { get; set; } = new Dictionary<string, object?>();
        public int HttpStatus { get; set; }
    }

    /// <summary>Converts leads, one call (5 credits) each.</summary>
    public sealed class LeadConverter
    {
        private readonly ZohoApiClient _api;

        public LeadConverter(ZohoApiClient api) { _api = api; }

        public static JObject BuildBody(LeadConversion conversion)
        {
            var item = new JObject();
            if (conversion.Overwrite.HasValue) item["overwrite"] = conversion.Overwrite.Value;
            if (conversion.NotifyLeadOwner.HasValue) item["notify_lead_owner"] = conversion.NotifyLeadOwner.Value;
            if (conversion.NotifyNewEntityOwner.HasValue) item["notify_new_entity_owner"] = conversion.NotifyNewEntityOwner.Value;
            if (!string.IsNullOrEmpty(conversion.AccountId)) item["Accounts"] = new JObject { ["id"] = conversion.AccountId };
            if (!string.IsNullOrEmpty(conversion.ContactId)) item["Contacts"] = new JObject { ["id"] = conversion.ContactId };
            if (!string.IsNullOrEmpty(conversion.AssignTo)) item["assign_to"] = new JObject { ["id"] = conversion.AssignTo };
            if (conversion.Deal != null) item["Deals"] = conversion.Deal;
            return new JObject { ["data"] = new JArray(item) };
        }

        public async Task<LeadConversionResult> ConvertAsync(string leadId, LeadConversion conversion, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Post, "Leads/" + Uri.EscapeDataString(leadId) + "/actions/convert")
            {
                JsonBody = BuildBody(conversion),
                Credits = 5,
                AllowErrorStatus = true,
                // Converting again after an unknown outcome is refused by Zoho (ID_ALREADY_CONVERTED) and would hide the
                // ids of a conversion that did happen, so it is not repeated.
                IsIdempotent = false,
            };
            var (status, body) = await _api.SendAsync(request, async (response, _) => (response.StatusCode, await response.ReadJsonAsync().ConfigureAwait(false)), log, ct).ConfigureAwait(false);
            var result = new LeadConversionResult { LeadId = leadId, HttpStatus = status };
            var entry = ((body as JObject)?["data"] as JArray)?.OfType<JObject>().FirstOrDefault();
            if (entry == null)
            {
                if (ZohoErrorBody.TryRead(body, out var code, out var message, out var details))
                    throw new ZohoApiException(status, code, message, details, "POST", request.ResolvePath(_api.ApiVersion));
                throw new ZohoApiException(status, "HTTP_" + status.ToString(CultureInfo.InvariantCulture), $"Zoho answered HTTP {status} without a conversion result.", null, "POST", request.ResolvePath(_api.ApiVersion));
            }
            result.Succeeded = string.Equals((string?)entry["status"], "success", StringComparison.OrdinalIgnoreCase);
            result.Code = (string?)entry["code"] ?? (result.Succeeded ? "SUCCESS" : "UNKNOWN_ERROR");
            result.Message = (string?)entry["message"] ?? string.Empty;
            var detailObject = entry["details"] as JObject;
            result.Details = ZohoErrorBody.ToDictionary(detailObject);
            if (result.Succeeded && detailObject != null)
            {
                result.ContactId = IdOf(detailObject["Contacts"]);
                result.AccountId = IdOf(detailObject["Accounts"]);
                result.DealId = IdOf(detailObject["Deals"]);
            }
            return result;
        }

        /// <summary>v8 answers {"name","id"} objects; v2 answered bare ids (fact sheet §5). Both are read.</summary>
        private static string? IdOf(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return null;
            if (token is JObject obj) return (string?)obj["id"];
            return Convert.ToString(((JValue)token).Value, CultureInfo.InvariantCulture);
        }
    }
}
