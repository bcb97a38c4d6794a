using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Auth.SignIn;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Files;
using ZohoCrm.Core.Privacy;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Errors
{
    /// <summary>
    /// The one place where failures become ErrorRecords: Zoho's code is the error id, with a category that fits, and the
    /// one map from Core's codes and <see cref="Remedy"/> data to recommended actions that name cmdlets and parameters.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerExceptions[0];
            switch (exception)
            {
                case Core.Records.PagingInterruptedException interrupted:
                    return Interrupted(interrupted, target);
                case ZohoAuthException auth:
                    return Build(exception, auth.Code, CategoryOf(auth), target, RecommendationFor(auth.Remedy) ?? AuthRecommendation(auth.Code));
                case ZohoApiException api:
                    return Build(exception, api.Code, CategoryOf(api), target, ScopeAdvice(api) ?? RecommendationFor(api.Remedy) ?? RecommendationFor(api));
                case BulkReadException bulkRead:
                    return BulkReadFailure(bulkRead, target);
                case BulkWriteException bulkWrite:
                    return BulkWriteFailure(bulkWrite, target);
                case SignInException signIn:
                    return SignInError(signIn, target);
                case ZohoTransportException transport:
                    return Build(exception, transport.OutcomeUnknown ? "ZcrmOutcomeUnknown" : "ZcrmConnectionFailed", ErrorCategory.ConnectionError, target,
                        transport.OutcomeUnknown ? "The call may or may not have taken effect in Zoho; check before repeating it." : "Check the network connection to Zoho and try again.");
                case LocalFileException file:
                    return Build(exception, file.ErrorId, CategoryOf(file), target, RecommendationFor(file));
                case ZcrmUsageException usage:
                    return Build(exception, usage.ErrorId, CategoryOf(usage.ErrorId), target, RecommendationFor(usage.Remedy) ?? usage.RecommendedAction);
                case ArgumentException _:
                    return Build(Sanitized(exception), "ZcrmInvalidArgument", ErrorCategory.InvalidArgument, target, null);
                default:
                    return Build(Sanitized(exception), "ZcrmUnexpectedError", ErrorCategory.NotSpecified, target, null);
            }
        }

        /// <summary>The cause's id and category, with how many records were written and how to go on from there.</summary>
        private static ErrorRecord Interrupted(Core.Records.PagingInterruptedException interrupted, object? target)
        {
            var cause = From(interrupted.InnerException!, target);
            string resume;
            var reachable = interrupted.NextPage.HasValue && RecordQuery.ServesPageNumber(interrupted.NextPage.Value, interrupted.PageSize ?? RecordQuery.MaxPageSize);
            if (reachable)
                resume = $"Reading stopped before page {interrupted.NextPage!.Value}; to continue there, run the same Get-ZcrmRecord or Search-ZcrmRecord command with -Page {interrupted.NextPage.Value}{(interrupted.PageSize.HasValue ? " -PageSize " + interrupted.PageSize.Value : "")} (and -All as before).";
            else if (interrupted.NextPageToken != null || interrupted.NextPage.HasValue)
                resume = "Past 2,000 records Zoho pages only by page token" + (interrupted.NextPageToken != null ? $" (the next one was {interrupted.NextPageToken})" : "") + ", so a rerun starts from the first record: add -ModifiedSince to read only records changed since a time, or export large modules with Start-ZcrmBulkRead.";
            else
                resume = "Run the command again to read the rest; records already written are not taken back.";
            var written = $"{interrupted.RecordsDelivered} record{(interrupted.RecordsDelivered == 1 ? " was" : "s were")} already written to the pipeline and stay there.";
            var record = new ErrorRecord(interrupted, cause.FullyQualifiedErrorId, cause.CategoryInfo.Category, target)
            {
                ErrorDetails = new ErrorDetails(SecretRedactor.Redact(interrupted.Message)),
            };
            record.ErrorDetails.RecommendedAction = SecretRedactor.Redact(written + " " + resume + (cause.ErrorDetails?.RecommendedAction is string more && more.Length > 0 ? " " + more : ""));
            return record;
        }

        public static ErrorCategory CategoryOf(ZohoApiException error)
        {
            // The accounts server's refusals (OAUTH_INVALID_CODE, ...) are one category wherever they surface: a read's
            // terminating error, or each row of a write whose call could not get a token.
            if (error.Code == "OAUTH_ACCESS_DENIED") return ErrorCategory.LimitsExceeded;
            if (error.Code.StartsWith("OAUTH_", StringComparison.Ordinal) && error.Code != "OAUTH_SCOPE_MISMATCH") return ErrorCategory.AuthenticationError;
            switch (error.Code)
            {
                case "INVALID_TOKEN":
                case "AUTHENTICATION_FAILURE":
                case "AUTHENTICATION_FAILED":
                    return ErrorCategory.AuthenticationError;
                case "OAUTH_SCOPE_MISMATCH":
                case "NO_PERMISSION":
                case "AUTHORIZATION_FAILED":
                    return ErrorCategory.PermissionDenied;
                case "INVALID_MODULE":
                case "INVALID_URL_PATTERN":
                case "REQUIRED_PARAM_MISSING":
                case "AMBIGUITY_DURING_PROCESSING":
                case "INVALID_REQUEST_METHOD":
                    return ErrorCategory.InvalidArgument;
                case "INVALID_DATA":
                case "ZcrmInvalidValue":
                case "ZcrmInputNotARecord":
                case "MANDATORY_NOT_FOUND":
                case "PATTERN_NOT_MATCHED":
                case "DEPENDENT_FIELD_MISSING":
                case "INVALID_QUERY":
                case "SYNTAX_ERROR":
                    return ErrorCategory.InvalidData;
                case "DUPLICATE_DATA":
                    return ErrorCategory.ResourceExists;
                case "TOO_MANY_REQUESTS":
                case "LIMIT_EXCEEDED":
                case "LIMIT_REACHED":
                case "DISCRETE_PAGINATION_LIMIT_EXCEEDED":
                    return ErrorCategory.LimitsExceeded;
                case "RESOURCE_NOT_FOUND":
                case "NOT_FOUND":
                case "NO_CONTENT":
                case "NOT_SUBSCRIBED":
                    return ErrorCategory.ObjectNotFound;
                case "RECORD_LOCKED":
                case "RECORD_IN_BLUEPRINT":
                case "ID_ALREADY_CONVERTED":
                case "NOT_APPROVED":
                case "CANNOT_PROCESS":
                    return ErrorCategory.InvalidOperation;
                case "FEATURE_NOT_SUPPORTED":
                case "NOT_SUPPORTED":
                    return ErrorCategory.NotImplemented;
            }
            if (error.HttpStatus == 401) return ErrorCategory.AuthenticationError;
            if (error.HttpStatus == 403) return ErrorCategory.PermissionDenied;
            if (error.HttpStatus == 404) return ErrorCategory.ObjectNotFound;
            if (error.HttpStatus == 429) return ErrorCategory.LimitsExceeded;
            if (error.HttpStatus >= 500) return ErrorCategory.ResourceUnavailable;
            if (error.HttpStatus >= 400) return ErrorCategory.InvalidArgument;
            return ErrorCategory.ProtocolError;
        }

        /// <summary>What to do about a refusal of the accounts server, by its code (OAUTH_ and Zoho's error, upper-cased).</summary>
        public static string? AuthRecommendation(string code)
        {
            switch (code)
            {
                case "OAUTH_INVALID_CODE":
                    return "Generate a new grant code (a Self Client code lasts 3 to 10 minutes and works once) and connect again with Connect-Zcrm -GrantToken; check -DataCenter when the code or token comes from another data centre.";
                case "OAUTH_INVALID_CLIENT":
                    return "Check -ClientId and -DataCenter: the client must be registered in the data centre you connect to.";
                case "OAUTH_INVALID_CLIENT_SECRET":
                    return "Check -ClientSecret (the Zoho API console shows it with the client id).";
                case "OAUTH_INVALID_REDIRECT_URI":
                    return "Use the redirect URI registered for the client in the Zoho API console.";
                case "OAUTH_ACCESS_DENIED":
                    return "Wait several minutes before trying again; the module reuses saved access tokens to stay under the limit.";
                default:
                    return code.StartsWith("OAUTH_", StringComparison.Ordinal) && code != "OAUTH_SCOPE_MISMATCH"
                        ? "Connect again with Connect-Zcrm (a new grant code or refresh token)." : null;
            }
        }

        private static object? Detail(ZohoApiException error, string key) => error.Details.TryGetValue(key, out var value) ? value : null;

        private static ErrorCategory CategoryOf(string errorId)
        {
            if (errorId.IndexOf("NotConnected", StringComparison.Ordinal) >= 0) return ErrorCategory.ConnectionError;
            if (errorId.IndexOf("Vault", StringComparison.Ordinal) >= 0 || errorId.IndexOf("SecretManagement", StringComparison.Ordinal) >= 0) return ErrorCategory.ResourceUnavailable;
            if (errorId.IndexOf("Insecure", StringComparison.Ordinal) >= 0) return ErrorCategory.SecurityError;
            if (errorId.IndexOf("NotFound", StringComparison.Ordinal) >= 0) return ErrorCategory.ObjectNotFound;
            return ErrorCategory.InvalidArgument;
        }

        private static ErrorCategory CategoryOf(LocalFileException file)
        {
            switch (file.ErrorId)
            {
                case LocalFileException.FileExists: return ErrorCategory.ResourceExists;
                case LocalFileException.FileNotFound: return ErrorCategory.ObjectNotFound;
                case LocalFileException.FileTooLarge: return ErrorCategory.LimitsExceeded;
                case LocalFileException.UnsupportedImage: return ErrorCategory.InvalidData;
                case LocalFileException.NothingToDownload: return ErrorCategory.InvalidOperation;
                default: return ErrorCategory.WriteError;
            }
        }

        private static string? RecommendationFor(LocalFileException file)
        {
            switch (file.ErrorId)
            {
                case LocalFileException.FileExists: return "Pass -Force to overwrite it, or choose another -Destination.";
                case LocalFileException.FileNotFound: return "Check the path; relative paths are resolved from the current location.";
                case LocalFileException.FileTooLarge: return "Zoho refuses larger files. Compress or split the file, or attach a link to it (-Url) instead.";
                case LocalFileException.UnsupportedImage: return "Record photos must be PNG, JPEG, GIF or BMP images.";
                case LocalFileException.NothingToDownload: return "A link attachment has no file; its address is in the LinkUrl property.";
                default: return "Check that the destination folder exists, is writable and has space.";
            }
        }

        private static string? RecommendationFor(ZohoApiException error)
        {
            switch (error.Code)
            {
                case "INVALID_MODULE":
                    var closest = Detail(error, "closest") as string;
                    return (closest != null ? $"Did you mean {closest}? " : string.Empty) +
                        "A module is found by its API name or label in any case (leads, LEADS and Lead all mean Leads), so this name matches none of the org's modules. Get-ZcrmModule lists them; Tab completes -Module.";
                case "DISCRETE_PAGINATION_LIMIT_EXCEEDED":
                    return "Use -All, which switches to page tokens past 2,000 records, or Start-ZcrmBulkRead for large exports.";
                case "LIMIT_REACHED":
                case "LIMIT_EXCEEDED" when Equals(Detail(error, "param_name"), "page_token") || Equals(Detail(error, "param"), "page_token"):
                    return "Zoho's page tokens reach at most 100,000 records. Use Start-ZcrmBulkRead to export larger modules.";
                default:
                    return null;
            }
        }

        /// <summary>What Core's <see cref="Remedy"/> means at the prompt: the cmdlets and parameters that do it.</summary>
        public static string? RecommendationFor(Remedy? remedy)
        {
            if (remedy == null) return null;
            switch (remedy.Kind)
            {
                case RemedyKind.SignInAgain:
                    return "Run Connect-Zcrm again; if it keeps failing, the refresh token may have been revoked.";
                case RemedyKind.GrantScope:
                    return ScopeAdvice(remedy.Scopes)
                        ?? "The refresh token lacks the scope this call needs. Generate a new grant code with the scope added and run Connect-Zcrm -GrantToken again.";
                case RemedyKind.LowerConcurrency:
                    return "Zoho's API limits were hit (credits or concurrency). Lower -ThrottleLimit or -MaxConcurrency, or try again later.";
                case RemedyKind.RetryAfter:
                    return $"Zoho asked to wait {remedy.Wait.GetValueOrDefault().TotalMinutes:0} minutes; the daily API credit budget may be spent. Try again later.";
                case RemedyKind.WaitForTokenLimit:
                    return $"Wait until {remedy.RetryAt.GetValueOrDefault():yyyy-MM-dd HH:mm} UTC (Zoho allows 10 new access tokens per refresh token every 10 minutes, and keeps blocking while requests continue), then connect again. Scripts that share a saved profile reuse one token instead of each requesting their own.";
                case RemedyKind.CheckBeforeRepeating:
                    return "Zoho failed while processing a call that is not safe to repeat, so it was not retried. Check whether it took effect before sending it again.";
                case RemedyKind.ReplaceSavedProfile:
                    return "Connect again with -ClientId/-ClientSecret/-RefreshToken to overwrite it.";
                case RemedyKind.UseHttpsOrDataCenter:
                    return "Use the https:// address of your Zoho data centre, or omit the URL and pass -DataCenter.";
                case RemedyKind.NameFields:
                    return "Name the fields with -Field" + (remedy.Scopes.Count > 0 ? $", or add the {string.Join(" and ", remedy.Scopes)} scope to the refresh token." : ".");
                case RemedyKind.ListFields:
                    return $"Use one of the API names that Get-ZcrmField -Module {remedy.Module} lists (Tab completes them after -Field).";
                case RemedyKind.RemoveQueryLimit:
                    return "Remove LIMIT and OFFSET from the query, or run it without -All.";
                case RemedyKind.UseQueryLanguage:
                    return "Narrow the filter, or use Invoke-ZcrmQuery (COQL) for more complex conditions.";
                case RemedyKind.FilterAfterExport:
                    return "Narrow the filter or filter on another field, or export without that condition and filter the rows with Where-Object.";
                default:
                    return null;
            }
        }

        /// <summary>OAUTH_SCOPE_MISMATCH names the scope the refused call needs and how to get it.</summary>
        private static string? ScopeAdvice(ZohoApiException error)
        {
            if (error.Code != "OAUTH_SCOPE_MISMATCH") return null;
            return ScopeAdvice(SignInScopes.RequiredFor(error.Method, error.Path));
        }

        private static string? ScopeAdvice(IReadOnlyList<string> needed)
        {
            if (needed.Count == 0) return null;
            var scopes = string.Join(" and ", needed);
            return $"The token lacks the scope this call needs: {scopes}. Sign in again with it added, e.g. Connect-Zcrm -Interactive (or -UseDeviceCode) -ClientId <id> -ClientSecret <secret> -Scope <your scopes>,{string.Join(",", needed)}; " +
                   "omitting -Scope asks for every scope the module uses. For a Self Client, generate a grant code that includes it and run Connect-Zcrm -GrantToken.";
        }

        private static ErrorRecord SignInError(SignInException error, object? target)
        {
            switch (error.Failure)
            {
                case SignInFailure.BrowserUnavailable:
                    return Build(error, "ZcrmBrowserUnavailable", ErrorCategory.ResourceUnavailable, target,
                        "Use Connect-Zcrm -UseDeviceCode instead: it prints a code to enter in a browser on any device (for SSH sessions, containers and Cloud Shell).");
                case SignInFailure.Denied:
                    return Build(error, "ZcrmSignInDenied", ErrorCategory.PermissionDenied, target, "Run Connect-Zcrm again and accept the consent page to connect.");
                case SignInFailure.TimedOut:
                    return Build(error, "ZcrmSignInTimedOut", ErrorCategory.OperationTimeout, target, "Run Connect-Zcrm again and finish the sign-in in the browser, or allow more time with -TimeoutSec.");
                case SignInFailure.Expired:
                    return Build(error, "ZcrmDeviceCodeExpired", ErrorCategory.OperationTimeout, target, "Run Connect-Zcrm -UseDeviceCode again and enter the new code within its lifetime.");
                case SignInFailure.StateMismatch:
                    return Build(error, "ZcrmSignInStateMismatch", ErrorCategory.SecurityError, target, "Run Connect-Zcrm again and finish the sign-in in the browser tab it opens; ignore older sign-in tabs.");
                case SignInFailure.UntrustedAccountsServer:
                    return Build(error, "ZcrmUntrustedAccountsServer", ErrorCategory.SecurityError, target, "Sign in again from the browser tab Connect-Zcrm opens; if it repeats, check for software that rewrites web addresses.");
                case SignInFailure.InvalidRedirectUri:
                    return Build(error, "ZcrmInvalidRedirectUri", ErrorCategory.InvalidArgument, target, "Pass -RedirectUri the loopback address registered for the client (e.g. http://127.0.0.1:8400/), on a port no other program uses.");
                case SignInFailure.UnknownDataCenter:
                    return Build(error, "ZcrmUnknownDataCenter", ErrorCategory.InvalidResult, target, "Connect with -DataCenter set to your data centre.");
                default:
                    return Build(error, "ZcrmSignInFailed", ErrorCategory.ProtocolError, target, "Run Connect-Zcrm again.");
            }
        }

        /// <summary>A bulk read that cannot go on, with what to run next for its job.</summary>
        public static ErrorRecord BulkReadFailure(BulkReadException bulk, object? target)
        {
            var category = bulk.ErrorId switch
            {
                BulkReadException.Failed => ErrorCategory.InvalidResult,
                BulkReadException.TimedOut => ErrorCategory.OperationTimeout,
                BulkReadException.DownloadExpired => ErrorCategory.ResourceUnavailable,
                _ => ErrorCategory.InvalidOperation,
            };
            var recommendation = bulk.ErrorId switch
            {
                BulkReadException.Failed => "Check the module, fields and criteria, then start a new job with Start-ZcrmBulkRead.",
                BulkReadException.TimedOut => $"Wait longer (-Timeout), or check later with Get-ZcrmBulkRead -Id {bulk.Job?.Id}; the job goes on at Zoho.",
                BulkReadException.NotCompleted => $"Wait for it first: Wait-ZcrmBulkRead -Id {bulk.Job?.Id} | Receive-ZcrmBulkRead.",
                BulkReadException.DownloadExpired => "Start a new job: Start-ZcrmBulkRead -Module " + (bulk.Job?.Module ?? "<module>") + " -Wait | Receive-ZcrmBulkRead.",
                _ => null,
            };
            return Build(bulk, bulk.ErrorId, category, target ?? bulk.Job?.Id, recommendation);
        }

        /// <summary>A bulk write that cannot go on, with what to run next for its job.</summary>
        public static ErrorRecord BulkWriteFailure(BulkWriteException bulk, object? target)
        {
            var category = bulk.ErrorId switch
            {
                BulkWriteException.Failed => ErrorCategory.InvalidResult,
                BulkWriteException.TimedOut => ErrorCategory.OperationTimeout,
                BulkWriteException.ResultExpired => ErrorCategory.ResourceUnavailable,
                BulkWriteException.UploadRefused => ErrorCategory.InvalidData,
                BulkWriteException.UntrustedHost => ErrorCategory.SecurityError,
                _ => ErrorCategory.InvalidOperation,
            };
            var recommendation = bulk.ErrorId switch
            {
                BulkWriteException.Failed => "Nothing of this job was written. Check the rows and start the import again with Start-ZcrmBulkWrite.",
                BulkWriteException.TimedOut => $"Wait longer (-Timeout), or check later with Get-ZcrmBulkWrite -Id {bulk.Job?.Id}; the job goes on at Zoho.",
                BulkWriteException.NotCompleted => $"Wait for it first: Wait-ZcrmBulkWrite -Id {bulk.Job?.Id} | Receive-ZcrmBulkWrite.",
                BulkWriteException.ResultExpired => "Zoho no longer has the result; search the module for the rows (for example by Email) to see which were written.",
                BulkWriteException.UploadRefused => "Nothing was created for these rows. Fix what Zoho names (the file's size, rows or columns) and pipe the rows (the error's TargetObject) to Start-ZcrmBulkWrite again.",
                BulkWriteException.UntrustedHost => "The result link is not on a Zoho host; report it rather than following it.",
                _ => "See the message.",
            };
            return Build(bulk, bulk.ErrorId, category, target ?? bulk.Job?.Id, recommendation);
        }

        /// <summary>One row of a bulk write job that Zoho did not write; the row is the target, to be fixed and piped back.</summary>
        public static ErrorRecord BulkWriteRowFailed(BulkWriteRowResult result, object? input)
        {
            var where = result.RowNumber.HasValue ? $"row {result.RowNumber}" : $"input {result.Index}";
            var text = result.ErrorText ?? string.Join(", ", result.Errors.Select(e => e.ToString()));
            var details = new Dictionary<string, object?>();
            if (result.Errors.Count > 0 && result.Errors[0].Field != null) details["api_name"] = result.Errors[0].Field;
            var exception = new ZohoApiException(0, result.Code, $"{result.ZohoStatus ?? "no result"}: {text}", details);
            return Build(exception, result.Code, CategoryOf(exception), input,
                "Fix the row and send it again: the failed rows are the TargetObjects of these errors (-ErrorVariable), and can be piped back to Start-ZcrmBulkWrite.",
                $"{result.Module} {where} was not written by bulk write job {result.JobId}: {text}");
        }

        /// <summary>A row refused before a bulk write's upload (a mandatory field is empty, a value cannot be converted).</summary>
        public static ErrorRecord BulkWriteRowRefused(PayloadProblem problem, string module, long index, long? rowNumber, object input)
        {
            var where = rowNumber.HasValue ? $"row {rowNumber}" : $"input {index}";
            var exception = new ZohoApiException(0, problem.Code, problem.Message + " (not sent)", new Dictionary<string, object?> { ["api_name"] = problem.Field });
            var recommendation = problem.Code == BulkWriteImport.MandatoryMissingCode || problem.Code == FieldMap.RequiredMissingCode
                ? $"Fill in {problem.Field} and pipe the row (the error's TargetObject) to Start-ZcrmBulkWrite again."
                : $"Correct the value of {problem.Field} and pipe the row (the error's TargetObject) to Start-ZcrmBulkWrite again.";
            return Build(exception, problem.Code, CategoryOf(exception), input, recommendation, $"{module} {where} was not sent: {problem.Message}");
        }

        /// <summary>What to do about one record of a batched write that Zoho did not write (the same advice for every write cmdlet).</summary>
        public static string WriteRowRecommendation(RecordWriteResult result, string module)
        {
            string? field = result.Details.TryGetValue("api_name", out var name) ? Convert.ToString(name, CultureInfo.InvariantCulture) : null;
            if (result.OutcomeUnknown)
                return $"Zoho may have created these records before the call failed. Check {module} before sending them again, or use -DuplicateCheckField so that a repeat updates instead of duplicating.";
            switch (result.Code)
            {
                case "MANDATORY_NOT_FOUND":
                    return $"Fill in {field ?? "the mandatory field"} and send the row again (the failed rows are the TargetObjects of the errors in -ErrorVariable).";
                case "INVALID_DATA":
                case "ZcrmInvalidValue":
                    return field != null ? $"Correct the value of {field} and send the row again." : "Correct the row and send it again.";
                case "ZcrmInputNotARecord":
                    return "Pipe records: hashtables (@{ Last_Name = 'Smith' }), CSV rows (Import-Csv) or objects whose properties are field names; to change records by id, pass -Id with -Property.";
                case "DUPLICATE_DATA":
                    return $"A {module} record with the same {field ?? "value"} exists. Use -DuplicateCheckField {field ?? "<field>"} to update it instead of creating another.";
                case "TOO_MANY_REQUESTS":
                    return "Zoho's API limits stopped this call after retries. Send the failed rows again later, or with a lower -ThrottleLimit.";
                case var auth when AuthRecommendation(auth) is string reconnect:
                    return reconnect + " Then send the failed rows again.";
                default:
                    return result.WholeBatchFailed ? "The whole call failed; send its rows again once the cause is fixed." : "See Zoho's message; fix the row and send it again.";
            }
        }

        /// <summary>What to do about one item of a per-item write that Zoho did not apply; tags have their own limits.</summary>
        public static string ItemWriteRecommendation(RecordWriteResult result, string module, bool isTag = false)
        {
            if (isTag && (result.Code == "LIMIT_EXCEEDED" || result.Code == "LIMIT_REACHED"))
                return result.WholeBatchFailed
                    ? $"Reuse existing tag names (Get-ZcrmTag -Module {module}) or delete unused tags in Zoho."
                    : "Remove some of the record's tags first (Remove-ZcrmTag), or use -Overwrite to replace them.";
            return result.WholeBatchFailed ? "The whole call failed; send its records again once the cause is fixed." : "See Zoho's message; fix the input and send it again.";
        }

        /// <summary>One item of a per-item write (tags, notes, links) that Zoho did not apply; the input is the target.</summary>
        public static ErrorRecord ItemNotWritten(RecordWriteResult result, object? input, string message, string recommendation)
        {
            var exception = new ZohoApiException(result.HttpStatus, result.Code, result.Message, result.Details);
            return Build(exception, result.Code, CategoryOf(exception), input, recommendation, message);
        }

        public static ErrorRecord LeadNotConverted(LeadConversionResult result, string id, object? target)
        {
            var exception = new ZohoApiException(result.HttpStatus, result.Code, result.Message, result.Details, "POST", "Leads/" + id + "/actions/convert");
            var record = From(exception, target);
            var recommendation = result.Code == "ID_ALREADY_CONVERTED"
                ? "The lead was converted before; Get-ZcrmRecord -Module Leads -Converted true shows converted leads."
                : record.ErrorDetails?.RecommendedAction;
            record.ErrorDetails = new ErrorDetails(SecretRedactor.Redact($"Lead {id} was not converted: {exception.Message}")) { RecommendedAction = recommendation };
            return record;
        }

        private const string WatchChannelsAdvice = "Get-ZcrmWatch -All lists the channels that exist. An expired channel is gone: register it again with Register-ZcrmWatch.";

        /// <summary>A watch channel Zoho did not accept: Zoho's code is the id and the channel id the target.</summary>
        public static ErrorRecord WatchFailed(Core.Watch.WatchResult result, string method, string whatFailed)
        {
            var exception = new ZohoApiException(result.HttpStatus, result.Code, result.Message, result.Details, method, "actions/watch");
            var record = From(exception, result.ChannelId);
            string? recommendation;
            switch (result.Code)
            {
                case "NOT_SUBSCRIBED":
                    recommendation = WatchChannelsAdvice;
                    break;
                case "INVALID_DATA":
                case "MANDATORY_NOT_FOUND":
                    recommendation = result.Details.TryGetValue("api_name", out var field) && field != null
                        ? $"Correct {field} (see Get-Help Register-ZcrmWatch -Parameter *) and try again."
                        : "Correct the channel's settings and try again.";
                    break;
                case "ZcrmOutcomeUnknown":
                    recommendation = "Zoho may or may not have applied the change; Get-ZcrmWatch shows the channel as Zoho has it.";
                    break;
                default:
                    recommendation = record.ErrorDetails?.RecommendedAction;
                    break;
            }
            var id = result.ChannelId.ToString(CultureInfo.InvariantCulture);
            record.ErrorDetails = new ErrorDetails(SecretRedactor.Redact($"Channel {id} {whatFailed}: {exception.Message}")) { RecommendedAction = recommendation };
            return record;
        }

        public static ErrorRecord RecordNotFound(string module, string id, object? target)
        {
            var message = $"There is no {module} record with id {id}.";
            return Build(new ItemNotFoundException(message), "ZcrmRecordNotFound", ErrorCategory.ObjectNotFound, target,
                "Check the id and the module; deleted records are listed by Get-ZcrmDeletedRecord.");
        }

        public static ErrorRecord NotARecordId(string id, object? target)
        {
            var message = $"'{id}' is not a Zoho record id: ids are numbers of up to 19 digits.";
            return Build(new ArgumentException(message), "ZcrmInvalidId", ErrorCategory.InvalidArgument, target,
                "Pass the record's id (Get-ZcrmRecord shows it), or pipe the record itself.");
        }

        /// <summary>An id of a user, role, profile, layout or view (<paramref name="what"/>) that is not a Zoho id.</summary>
        public static ErrorRecord NotAnOrgId(string? id, string what)
        {
            var message = $"'{id}' is not a {what} id: Zoho ids are numbers of up to 19 digits.";
            return Build(new PSArgumentException(message), "ZcrmInvalidId", ErrorCategory.InvalidArgument, id, $"Give the numeric id of the {what}.");
        }

        public static ErrorRecord OrgItemNotFound(string id, string what, string recommendation)
        {
            var message = $"There is no {what} with id {id}.";
            return Build(new ItemNotFoundException(message), "ZcrmNotFound", ErrorCategory.ObjectNotFound, id, recommendation);
        }

        public static ErrorRecord RecordModuleUnknown(PSObject input)
            => Build(new ArgumentException("Cannot tell which module this object belongs to: it did not come from Get-ZcrmRecord, Search-ZcrmRecord or Invoke-ZcrmQuery in this session."),
                "ZcrmModuleUnknown", ErrorCategory.InvalidArgument, input, "Pass -Module.", "Cannot tell which module this object belongs to.");

        public static ErrorRecord RecordIdMissing(PSObject input, string module)
        {
            var message = $"This {module} object has no id, so there is no record to change.";
            return Build(new ArgumentException(message), "ZcrmRecordIdMissing", ErrorCategory.InvalidArgument, input,
                "Include an id property, or use -Upsert with -DuplicateCheckField to match records by another field.");
        }

        public static ErrorRecord NotALead(string module, object? input)
            => Build(new ArgumentException($"Only leads can be converted; this is a {module} record."), "ZcrmNotALead", ErrorCategory.InvalidArgument, input, null);

        /// <param name="record">The record as the user knows it, e.g. "Leads 123".</param>
        public static ErrorRecord PhotoNotFound(string record, string recordId)
            => Build(new ItemNotFoundException($"{record} has no photo."), "ZcrmPhotoNotFound", ErrorCategory.ObjectNotFound, recordId, "Set one with Set-ZcrmRecordPhoto.");

        public static ErrorRecord UnknownCustomView(string module, string[] names)
            => Build(new ItemNotFoundException($"{module} has no custom view named '{string.Join("', '", names)}'."), "ZcrmUnknownCustomView", ErrorCategory.ObjectNotFound, names, null);

        /// <summary>A profile that is neither connected nor saved; the id and advice are the exception's.</summary>
        public static ErrorRecord ProfileNotFound(ZcrmUsageException exception, object? target)
            => Build(exception, exception.ErrorId, ErrorCategory.ObjectNotFound, target, RecommendationFor(exception.Remedy) ?? exception.RecommendedAction);

        public static ErrorRecord WatchNotFound(long channelId)
        {
            var message = $"No watch channel {channelId.ToString(CultureInfo.InvariantCulture)} exists.";
            return Build(new ZcrmUsageException("ZcrmWatchNotFound", message), "ZcrmWatchNotFound", ErrorCategory.ObjectNotFound, channelId, WatchChannelsAdvice);
        }

        public static ErrorRecord InputFileNotReadable(Exception exception, string? path)
            => Build(exception, "ZcrmInputFileNotReadable", ErrorCategory.ReadError, path, null);

        public static ErrorRecord OutFileNotWritable(Exception exception, string? path)
            => Build(exception, "ZcrmOutFileNotWritable", ErrorCategory.WriteError, path, null);

        /// <summary>A record of a data subject that Zoho did not delete; the target is Module/Id.</summary>
        public static ErrorRecord DataSubjectNotDeleted(ErasureResult result, string email)
        {
            var message = $"{result.Record.Module} {result.Record.Id} of {email} was not deleted: {result.Code} {result.Message}";
            return Build(new InvalidOperationException(message), "ZcrmDataSubjectNotDeleted," + result.Code, ErrorCategory.WriteError, result.Record.Module + "/" + result.Record.Id,
                result.Code == "RECORD_LOCKED"
                    ? "The record is locked by an approval or blueprint; finish or cancel that in Zoho, then run the command again."
                    : "Run the command again with the same -ReportPath to retry what is left.");
        }

        public static ErrorRecord CreditBudgetReached(CreditBudgetReachedException exception, string email)
            => Build(exception, exception.ErrorId, ErrorCategory.QuotaExceeded, email,
                "Run the command again later or with a larger -MaxCredits; with the same -ReportPath nothing already deleted is sent again.",
                $"Stopped at {email}: {exception.Message}");

        /// <param name="message">What the error view shows, when it says more (or less) than the exception's own message.</param>
        private static ErrorRecord Build(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendation, string message)
        {
            var record = Build(exception, errorId, category, target, recommendation);
            record.ErrorDetails = new ErrorDetails(SecretRedactor.Redact(message)) { RecommendedAction = record.ErrorDetails.RecommendedAction };
            return record;
        }

        /// <summary>An exception we did not raise ourselves is re-wrapped if its text holds anything secret-shaped.</summary>
        private static Exception Sanitized(Exception exception)
        {
            var redacted = SecretRedactor.Redact(exception.Message);
            return redacted == exception.Message ? exception : new InvalidOperationException(redacted);
        }

        private static ErrorRecord Build(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendation)
        {
            var record = new ErrorRecord(exception, errorId, category, target)
            {
                ErrorDetails = new ErrorDetails(SecretRedactor.Redact(exception.Message)),
            };
            if (!string.IsNullOrEmpty(recommendation)) record.ErrorDetails.RecommendedAction = SecretRedactor.Redact(recommendation);
            return record;
        }

        /// <summary>A row of a batched write that Zoho (or the module, before sending) refused; its TargetObject is the row as the user gave it.</summary>
        public static ErrorRecord WriteRowFailed(string module, long index, string description, string? id, object? input, RecordWriteResult result)
        {
            var what = description.Length > 0 ? $" ({description})" : id != null ? $" ({id})" : string.Empty;
            var exception = new ZohoApiException(result.HttpStatus, result.Code, result.Message, result.Details);
            return Build(exception, result.Code, CategoryOf(exception), input, WriteRowRecommendation(result, module), $"{module} input {index}{what} was not written: {exception.Message}");
        }
    }
}
