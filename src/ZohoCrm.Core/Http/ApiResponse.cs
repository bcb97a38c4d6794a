using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Http
{
    /// <summary>An answer from Zoho, with its body still unread so that large pages can be streamed.</summary>
    public sealed class ApiResponse
    {
        private readonly HttpResponseMessage _message;

        internal ApiResponse(HttpResponseMessage message)
        {
            _message = message;
        }

        public int StatusCode => (int)_message.StatusCode;

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        /// <summary>204 No Content and 304 Not Modified carry no body and must not be parsed.</summary>
        public bool HasBody => StatusCode != (int)HttpStatusCode.NoContent && StatusCode != (int)HttpStatusCode.NotModified
            && _message.Content != null && _message.Content.Headers.ContentLength != 0;

        public string? MediaType => _message.Content?.Headers.ContentType?.MediaType;

        public string? GetHeader(string name)
        {
            if (_message.Headers.TryGetValues(name, out var values)) return values.FirstOrDefault();
            if (_message.Content != null && _message.Content.Headers.TryGetValues(name, out var contentValues)) return contentValues.FirstOrDefault();
            return null;
        }

        public Task<Stream> OpenStreamAsync() => _message.Content.ReadAsStreamAsync();

        /// <summary>The body as JSON, or null when there is none.</summary>
        public async Task<JToken?> ReadJsonAsync()
        {
            if (!HasBody) return null;
            using var stream = await _message.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var text = new StreamReader(stream);
            using var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
            try
            {
                return await JToken.ReadFromAsync(reader).ConfigureAwait(false);
            }
            catch (JsonReaderException ex)
            {
                throw new InvalidDataException($"Zoho answered HTTP {StatusCode} with a body that is not JSON ({ex.Message}).", ex);
            }
        }

        public async Task<string> ReadStringAsync()
        {
            if (_message.Content == null) return string.Empty;
            return await _message.Content.ReadAsStringAsync().ConfigureAwait(false);
        }

        internal HttpResponseMessage Message => _message;
    }
}
