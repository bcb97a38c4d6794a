using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>A job as bulk_read.json describes it (Job_Detail, Success_Response.details) and as the callback carries it.</summary>
internal static class BulkJobJson
{
    public static string DownloadPath(BulkJob job) => "/crm/bulk/v8/read/" + ZohoIds.Format(job.Id) + "/result";

    /// <summary>The create answer's details.</summary>
    public static JsonObject Created(BulkJob job) => new()
    {
        ["id"] = ZohoIds.Format(job.Id),
        ["operation"] = "read",
        ["state"] = job.State,
        ["created_by"] = User(job.CreatedBy),
        ["created_time"] = ZohoTime.FormatDateTime(job.CreatedTime),
    };

    /// <summary>
    /// GET /read/{id}'s data[0]. Sent always: query (module with id, cvid, fields, page; criteria when given), result
    /// (its numbers meaningful once COMPLETED; next_page_token only when more records exist, as the OAS types it as
    /// a non-null string) and file_type. A FAILURE carries its reason under <see cref="EmulatorOptions.BulkReadFailureReasonKey"/>.
    /// </summary>
    public static JsonObject Detail(BulkJob job, EmulatorOptions options)
    {
        var detail = new JsonObject
        {
            ["id"] = ZohoIds.Format(job.Id),
            ["operation"] = "read",
            ["state"] = job.State,
            ["query"] = Query(job),
            ["created_by"] = User(job.CreatedBy),
            ["created_time"] = ZohoTime.FormatDateTime(job.CreatedTime),
            ["result"] = Result(job, options),
            ["file_type"] = job.Query.FileType,
        };
        if (job.State == BulkJob.Failure)
        {
            detail[options.BulkReadFailureReasonKey] = job.FailureReason;
        }

        return detail;
    }

    /// <summary>The callback body (fact sheet §6.4): the job's state, query and result, keyed by job_id.</summary>
    public static JsonObject Callback(BulkJob job, EmulatorOptions options)
    {
        var body = new JsonObject
        {
            ["job_id"] = ZohoIds.Format(job.Id),
            ["operation"] = "read",
            ["state"] = job.State,
            ["query"] = Query(job),
            ["result"] = Result(job, options),
        };
        if (job.State == BulkJob.Failure)
        {
            body[options.BulkReadFailureReasonKey] = job.FailureReason;
        }

        return body;
    }

    private static JsonObject Query(BulkJob job)
    {
        var q = job.Query;
        var query = new JsonObject
        {
            ["module"] = new JsonObject { ["api_name"] = q.Module.ApiName, ["id"] = ZohoIds.Format(q.Module.Id) },
            ["page"] = q.Page,
            ["cvid"] = q.View is null ? null : ZohoIds.Format(q.View.Id),
            ["fields"] = new JsonArray((q.RequestedFields.Count > 0 ? q.RequestedFields : q.Columns.Select(c => c.ApiName)).Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        };
        if (q.CriteriaEcho is not null)
        {
            query["criteria"] = q.CriteriaEcho.DeepClone();
        }

        return query;
    }

    private static JsonObject Result(BulkJob job, EmulatorOptions options)
    {
        var result = new JsonObject
        {
            ["page"] = job.Query.Page,
            ["count"] = job.State == BulkJob.Completed ? job.Count : 0,
            ["download_url"] = DownloadPath(job),
            ["per_page"] = options.BulkReadPageSize,
            ["more_records"] = job.State == BulkJob.Completed && job.MoreRecords,
        };
        if (job.State == BulkJob.Completed && job.NextPageToken is not null)
        {
            result["next_page_token"] = job.NextPageToken;
        }

        return result;
    }

    private static JsonObject User(LookupValue user) => new() { ["id"] = ZohoIds.Format(user.Id), ["name"] = user.Name };
}
