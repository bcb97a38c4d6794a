using System;
using System.Management.Automation;
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
                case ZohoAuthException auth:
                    return Build(exception, auth.Code, auth.IsThrottled ? ErrorCategory.LimitsExceeded : ErrorCategory.AuthenticationError, target, auth.RecommendedAction);
                case ZohoApiException api:
                    return Build(exception, api.Code, CategoryOf(api), target, api.RecommendedAction ?? RecommendationFor(api));
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

        public static ErrorCategory CategoryOf(ZohoApiException error)
        {
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
                    return "Module API names are case-sensitive (Leads, Contacts, Sales_Orders). Get-ZcrmModule lists them; Tab completes -Module.";
                case "DISCRETE_PAGINATION_LIMIT_EXCEEDED":
                    return "Use -All, which switches to page tokens past 2,000 records, or Start-ZcrmBulkRead for large exports.";
                case "LIMIT_REACHED":
                case "LIMIT_EXCEEDED" when Equals(Detail(error, "param_name"), "page_token") || Equals(Detail(error, "param"), "page_token"):
                    return "Zoho's page tokens reach at most 100,000 records. Use Start-ZcrmBulkRead to export larger modules.";
                default:
                    return null;
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
    }
}
