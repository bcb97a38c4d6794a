using System;
using System.Management.Automation;
using ZohoCrm.Core.Auth.SignIn;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Files;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>The one place where failures become ErrorRecords: Zoho's code is the error id, with a category that fits.</summary>
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
                    return Build(exception, auth.Code, CategoryOf(auth), target, auth.RecommendedAction ?? AuthRecommendation(auth.Code));
                case ZohoApiException api:
                    return Build(exception, api.Code, CategoryOf(api), target, ScopeAdvice(api) ?? api.RecommendedAction ?? RecommendationFor(api));
                case SignInException signIn:
                    return SignInError(signIn, target);
                case ZohoTransportException transport:
                    return Build(exception, transport.OutcomeUnknown ? "ZcrmOutcomeUnknown" : "ZcrmConnectionFailed", ErrorCategory.ConnectionError, target,
                        transport.OutcomeUnknown ? "The call may or may not have taken effect in Zoho; check before repeating it." : "Check the network connection to Zoho and try again.");
                case LocalFileException file:
                    return Build(exception, file.ErrorId, CategoryOf(file), target, RecommendationFor(file));
                case ZcrmUsageException usage:
                    return Build(exception, usage.ErrorId, CategoryOf(usage.ErrorId), target, usage.RecommendedAction);
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
            if (interrupted.NextPage.HasValue)
                resume = $"Reading stopped before page {interrupted.NextPage.Value}; to continue there, run the same Get-ZcrmRecord or Search-ZcrmRecord command with -Page {interrupted.NextPage.Value}{(interrupted.PageSize.HasValue ? " -PageSize " + interrupted.PageSize.Value : "")} (and -All as before).";
            else if (interrupted.NextPageToken != null)
                resume = $"Past 2,000 records Zoho pages only by page token (the next one was {interrupted.NextPageToken}), so a rerun starts from the first record: add -ModifiedSince to read only records changed since a time, or export large modules with Start-ZcrmBulkRead.";
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

        /// <summary>OAUTH_SCOPE_MISMATCH names the scope the refused call needs and how to get it.</summary>
        private static string? ScopeAdvice(ZohoApiException error)
        {
            if (error.Code != "OAUTH_SCOPE_MISMATCH") return null;
            var needed = SignInScopes.RequiredFor(error.Method, error.Path);
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
        public static ErrorRecord WriteRowFailed(string module, long index, string description, string? id, object? input, Core.Records.RecordWriteResult result)
        {
            var what = description.Length > 0 ? $" ({description})" : id != null ? $" ({id})" : string.Empty;
            var exception = new ZohoApiException(result.HttpStatus, result.Code, result.Message, result.Details);
            var record = new ErrorRecord(exception, result.Code, CategoryOf(exception), input)
            {
                ErrorDetails = new ErrorDetails(SecretRedactor.Redact($"{module} input {index}{what} was not written: {exception.Message}")),
            };
            record.ErrorDetails.RecommendedAction = WriteRowRecommendation(result, module);
            return record;
        }

        /// <summary>What to do about a row of a batched write that failed, by Zoho's code and the field it names.</summary>
        public static string WriteRowRecommendation(Core.Records.RecordWriteResult result, string module)
        {
            string? field = result.Details.TryGetValue("api_name", out var name) ? Convert.ToString(name, System.Globalization.CultureInfo.InvariantCulture) : null;
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

        /// <summary>A bulk read failure keeps its own ids (ZcrmBulkReadFailed, ...) and categories; any other failure is <see cref="From"/>'s.</summary>
        public static ErrorRecord FromBulkRead(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerExceptions[0];
            if (!(exception is Core.Bulk.BulkReadException bulk)) return From(exception, target);
            var category = bulk.ErrorId switch
            {
                Core.Bulk.BulkReadException.Failed => ErrorCategory.InvalidResult,
                Core.Bulk.BulkReadException.TimedOut => ErrorCategory.OperationTimeout,
                Core.Bulk.BulkReadException.DownloadExpired => ErrorCategory.ResourceUnavailable,
                _ => ErrorCategory.InvalidOperation,
            };
            var record = new ErrorRecord(bulk, bulk.ErrorId, category, target ?? (object?)bulk.Job?.Id)
            {
                ErrorDetails = new ErrorDetails(bulk.Message),
            };
            if (bulk.RecommendedAction != null) record.ErrorDetails.RecommendedAction = bulk.RecommendedAction;
            return record;
        }

        /// <summary>The file -OutFile names cannot be created (a missing folder, no permission, a bad path).</summary>
        public static ErrorRecord OutFileNotWritable(Exception exception, string path) =>
            new ErrorRecord(exception, "ZcrmOutFileNotWritable", ErrorCategory.WriteError, path);

        /// <summary>An item of a batched link, delink or tag call that failed, told in the cmdlet's words; its TargetObject is the item as the user gave it.</summary>
        public static ErrorRecord ItemWriteFailed(Core.Records.RecordWriteResult result, object? input, string message, string? recommendation)
        {
            var exception = new ZohoApiException(result.HttpStatus, result.Code, result.Message, result.Details);
            var record = new ErrorRecord(exception, result.Code, CategoryOf(exception), input)
            {
                ErrorDetails = new ErrorDetails(SecretRedactor.Redact(message)),
            };
            record.ErrorDetails.RecommendedAction = recommendation;
            return record;
        }
    }
}
