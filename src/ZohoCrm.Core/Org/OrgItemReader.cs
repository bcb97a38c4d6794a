using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Json;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Org
{
    /// <summary>
    /// Reads the items of a settings answer (<c>{"roles":[…]}</c>, <c>{"layouts":[…]}</c>…) with the records reader, so
    /// they come out as <see cref="ZohoRecord"/>s under Zoho's own key names, times typed. A 204 is no items.
    /// </summary>
    internal static class OrgItemReader
    {
        /// <summary>Keys that hold times in users.json, roles.json, profiles.json, layouts.json and custom_views.json.</summary>
        public static readonly FieldTypeMap Types = new FieldTypeMap(new[]
        {
            new ZohoField("created_time", null, "datetime"), new ZohoField("modified_time", null, "datetime"),
            new ZohoField("created_time__s", null, "datetime"), new ZohoField("modified_time__s", null, "datetime"),
            new ZohoField("last_accessed_time", null, "datetime"), new ZohoField("Modified_Time", null, "datetime"),
        });

        public static Task<IReadOnlyList<ZohoRecord>> ReadAsync(ZohoApiClient api, ApiRequest request, string kind, string arrayProperty, IZcrmLog log, CancellationToken ct)
            => api.SendAsync<IReadOnlyList<ZohoRecord>>(request, async (response, token) =>
            {
                if (!response.HasBody) return Array.Empty<ZohoRecord>();
                using var stream = await response.OpenStreamAsync().ConfigureAwait(false);
                var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, 81920, token).ConfigureAwait(false);
                buffer.Position = 0;
                return RecordJsonReader.ReadPage(buffer, kind, Types, arrayProperty).Records;
            }, log, ct);

        /// <summary>Whether <paramref name="id"/> is a Zoho id (digits only), checked before any call.</summary>
        public static bool IsId(string? id) => ZohoId.IsValid(id);

        public static void RequireId(string? id, string what)
        {
            if (!IsId(id))
                throw new Errors.ZcrmUsageException("ZcrmInvalidId", $"'{id}' is not a {what} id: Zoho ids are numbers of up to 19 digits.", $"Give the numeric id of the {what}.");
        }
    }
}
