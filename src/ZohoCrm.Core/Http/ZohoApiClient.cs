using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Polly;
using Polly.Retry;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Auth.SignIn;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Http
{
    /// <summary>
    /// Sends every API call of one connection through one resilience pipeline: a per-connection concurrency limit,
    /// the access token (refreshed once on INVALID_TOKEN), and retries with backoff for 429, 5xx and network faults
    /// that honour Retry-After and never repeat a non-idempotent call whose outcome is unknown.
    /// </summary>
    public sealed class ZohoApiClient
    {
        private static readonly ResiliencePropertyKey<IZcrmLog> LogKey = new ResiliencePropertyKey<IZcrmLog>("zcrm.log");
        private static readonly ResiliencePropertyKey<string> DescriptionKey = new ResiliencePropertyKey<string>("zcrm.request");
        private static readonly string UserAgent = "ZohoCrm.PowerShell/" + typeof(ZohoApiClient).Assembly.GetName().Version?.ToString(3);

        private readonly HttpClient _http;
        private readonly TokenProvider _tokens;
        private readonly ResilienceOptions _options;
        private readonly SemaphoreSlim _slots;
        private readonly ResiliencePipeline _pipeline;
        private long _calls;
        private long _credits;
        private long _retries;

        public ZohoApiClient(HttpClient http, Uri apiDomain, string apiVersion, TokenProvider tokens, ResilienceOptions options)
        {
            _http = http;
            ApiDomain = UrlPolicy.RequireSecure(apiDomain, "API domain");
            ApiVersion = apiVersion;
            _tokens = tokens;
            _options = options.Clone();
            _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrency));
            _pipeline = BuildPipeline(_options);
        }

        public Uri ApiDomain { get; }

        public string ApiVersion { get; }

        public TokenProvider Tokens => _tokens;

        public ResilienceOptions Options => _options.Clone();

        public long CallCount => Interlocked.Read(ref _calls);

        /// <summary>Credits charged by the calls of this connection so far, by the fact sheet's table.</summary>
        public long CreditsUsed => Interlocked.Read(ref _credits);

        public long RetryCount => Interlocked.Read(ref _retries);

        public Task<JToken?> SendForJsonAsync(ApiRequest request, IZcrmLog log, CancellationToken ct)
            => SendAsync(request, (response, _) => response.ReadJsonAsync(), log, ct);

        public async Task<T> SendAsync<T>(ApiRequest request, Func<ApiResponse, CancellationToken, Task<T>> read, IZcrmLog log, CancellationToken ct)
        {
            var context = ResilienceContextPool.Shared.Get(ct);
            context.Properties.Set(LogKey, log);
            context.Properties.Set(DescriptionKey, request.Describe(ApiVersion));
            try
            {
                return await _pipeline.ExecuteAsync(
                    (ctx, state) => new ValueTask<T>(AttemptAsync(state.request, state.read, state.log, ctx.CancellationToken)),
                    context, (request, read, log)).ConfigureAwait(false);
            }
            catch (RetryableAttemptException retryable)
            {
                throw retryable.Final;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        // Retry-After counts from Zoho's answer and a timer may fire a few milliseconds early; a retry landing just
        // inside the window is refused again and costs an attempt.
        private static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(100);

        private ResiliencePipeline BuildPipeline(ResilienceOptions options)
        {
            var builder = new ResiliencePipelineBuilder();
            if (options.MaxRetries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is RetryableAttemptException),
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.BaseDelay,
                    MaxDelay = options.MaxDelay,
                    DelayGenerator = args => new ValueTask<TimeSpan?>((args.Outcome.Exception as RetryableAttemptException)?.RetryAfter + RetryAfterMargin),
                    OnRetry = args =>
                    {
                        Interlocked.Increment(ref _retries);
                        if (args.Context.Properties.TryGetValue(LogKey, out var log) && args.Context.Properties.TryGetValue(DescriptionKey, out var what))
                        {
                            var reason = (args.Outcome.Exception as RetryableAttemptException)?.Reason ?? args.Outcome.Exception?.Message;
                            log.Verbose($"Retrying {what} in {args.RetryDelay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (retry {args.AttemptNumber + 1} of {options.MaxRetries}): {reason}");
                        }
                        return default;
                    },
                });
            }
            return builder.Build();
        }

        private async Task<T> AttemptAsync<T>(ApiRequest request, Func<ApiResponse, CancellationToken, Task<T>> read, IZcrmLog log, CancellationToken ct)
        {
            await _slots.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var refreshedForThisCall = false;
                while (true)
                {
                    var token = request.Anonymous ? null : await _tokens.GetAsync(log, ct).ConfigureAwait(false);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(request.Timeout ?? _options.RequestTimeout);
                    var watch = Stopwatch.StartNew();
                    HttpResponseMessage message;
                    try
                    {
                        using var outgoing = BuildMessage(request, token, log);
                        message = await _http.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested && IsTransport(ex))
                    {
                        throw TransportFailure(request, ex, sent: !TransientFaults.FailedBeforeSending(ex), log);
                    }

                    using (message)
                    {
                        var response = new ApiResponse(message);
                        var status = response.StatusCode;
                        Interlocked.Increment(ref _calls);
                        if (response.IsSuccess) Interlocked.Add(ref _credits, request.Credits);
                        log.Verbose($"{request.Describe(ApiVersion)} -> {status} in {watch.ElapsedMilliseconds} ms{(response.IsSuccess ? $" ({request.Credits} credit{(request.Credits == 1 ? "" : "s")})" : "")}");

                        if (status == 401)
                        {
                            var error = await ReadErrorAsync(request, response).ConfigureAwait(false);
                            if (error.Code == "INVALID_TOKEN" && !refreshedForThisCall && token != null)
                            {
                                refreshedForThisCall = true;
                                await _tokens.RefreshAsync(token, log, ct).ConfigureAwait(false);
                                continue;
                            }
                            error.Remedy = error.Code == "OAUTH_SCOPE_MISMATCH"
                                ? Remedy.GrantScope(SignInScopes.RequiredFor(error.Method, error.Path))
                                : Remedy.SignInAgain;
                            throw error;
                        }

                        if (status == 429)
                        {
                            var error = await ReadErrorAsync(request, response).ConfigureAwait(false);
                            error.RetryAfter = RetryAfter.Read(response);
                            if (error.RetryAfter > _options.MaxRetryAfter)
                            {
                                error.Remedy = Remedy.RetryAfter(error.RetryAfter.Value);
                                throw error;
                            }
                            error.Remedy = Remedy.LowerConcurrency;
                            // Zoho did not process a request it answered with 429, so any call may be sent again.
                            throw new RetryableAttemptException(error, error.RetryAfter ?? request.RetryAfterWhenUnsaid, $"{status} {error.Code}");
                        }

                        if (status >= 500)
                        {
                            var error = await ReadErrorAsync(request, response).ConfigureAwait(false);
                            error.RetryAfter = RetryAfter.Read(response);
                            if (request.IsIdempotent) throw new RetryableAttemptException(error, error.RetryAfter, $"{status} {error.Code}");
                            error.Remedy = Remedy.CheckBeforeRepeating;
                            throw error;
                        }

                        if (status >= 400 && !request.AllowErrorStatus)
                            throw await ReadErrorAsync(request, response).ConfigureAwait(false);

                        try
                        {
                            return await read(response, timeout.Token).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (!ct.IsCancellationRequested && IsTransport(ex))
                        {
                            throw TransportFailure(request, ex, sent: true, log);
                        }
                    }
                }
            }
            finally
            {
                _slots.Release();
            }
        }

        private static bool IsTransport(Exception ex) => ex is HttpRequestException || ex is IOException || ex is OperationCanceledException || ex is InvalidDataException;

        private Exception TransportFailure(ApiRequest request, Exception ex, bool sent, IZcrmLog log)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {_options.RequestTimeout.TotalSeconds:0} s" : TransientFaults.Describe(ex);
            var final = new ZohoTransportException($"{request.Method.Method} {request.ResolvePath(ApiVersion)} failed: {reason}", ex, outcomeUnknown: sent);
            if (!sent || request.IsIdempotent) return new RetryableAttemptException(final, null, reason);
            log.Verbose($"{request.Method.Method} {request.ResolvePath(ApiVersion)} is not safe to repeat and its outcome is unknown, so it is not retried.");
            return final;
        }

        private HttpRequestMessage BuildMessage(ApiRequest request, AccessToken? token, IZcrmLog log)
        {
            var message = new HttpRequestMessage(request.Method, request.BuildUri(ApiDomain, ApiVersion));
            if (token != null) message.Headers.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken " + token.Value);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            foreach (var header in request.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            if (request.JsonBody != null)
                message.Content = new StringContent(request.JsonBody.ToString(Formatting.None), Encoding.UTF8, "application/json");
            else if (request.ContentFactory != null)
                message.Content = request.ContentFactory();
            var target = request.SecretQuery.Count == 0 ? message.RequestUri!.ToString() : request.Describe(ApiVersion).Substring(request.Method.Method.Length + 1);
            log.Debug($"{request.Method.Method} {target}" + (token != null ? $" Authorization: Zoho-oauthtoken {SecretRedactor.Mask}" : "") + (request.JsonBody != null ? $" body: {Truncate(request.JsonBody.ToString(Formatting.None), 2000)}" : ""));
            return message;
        }

        private static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "...";

        private async Task<ZohoApiException> ReadErrorAsync(ApiRequest request, ApiResponse response)
        {
            string text;
            try { text = await response.ReadStringAsync().ConfigureAwait(false); }
            catch (Exception) { text = string.Empty; }
            JToken? body = null;
            if (!string.IsNullOrWhiteSpace(text))
            {
                try { body = JToken.Parse(text); }
                catch (JsonException) { body = null; }
            }
            if (ZohoErrorBody.TryRead(body, out var code, out var message, out var details))
                return new ZohoApiException(response.StatusCode, code, message, details, request.Method.Method, request.ResolvePath(ApiVersion));
            var fallback = response.StatusCode == 429 ? "TOO_MANY_REQUESTS" : response.StatusCode >= 500 ? "INTERNAL_ERROR" : "HTTP_" + response.StatusCode.ToString(CultureInfo.InvariantCulture);
            return new ZohoApiException(response.StatusCode, fallback, $"Zoho answered HTTP {response.StatusCode} {response.Message.ReasonPhrase}.", null, request.Method.Method, request.ResolvePath(ApiVersion));
        }

        /// <summary>Signals the retry strategy that this attempt may be repeated; <see cref="Final"/> is what the caller sees if it never succeeds.</summary>
        private sealed class RetryableAttemptException : Exception
        {
            public RetryableAttemptException(Exception final, TimeSpan? retryAfter, string reason) : base(final.Message, final)
            {
                Final = final;
                RetryAfter = retryAfter;
                Reason = reason;
            }

            public Exception Final { get; }
            public TimeSpan? RetryAfter { get; }
            public string Reason { get; }
        }
    }
}
