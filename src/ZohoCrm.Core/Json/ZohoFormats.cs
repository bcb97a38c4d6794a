using System;
using System.Runtime.CompilerServices;

namespace ZohoCrm.Core.Json
{
    /// <summary>
    /// Hand-written parsers for the forms Zoho writes (in JSON answers and bulk files alike), several times cheaper than
    /// the general parsers, which also read what these do not. Each refuses anything else, for the general parser to try.
    /// </summary>
    internal static class ZohoFormats
    {
        /// <summary><c>yyyy-MM-ddTHH:mm:ss±hh:mm</c>, the only form Zoho writes.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool TryParseDateTime(string text, out DateTimeOffset value)
        {
            value = default;
            if (text.Length != 25 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[22] != ':' || (text[19] != '+' && text[19] != '-')) return false;
            if (!TryParseDateAtStart(text, out var date)) return false;
            if (!TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second)
                || !TryDigits(text, 20, 2, out var offsetHours) || !TryDigits(text, 23, 2, out var offsetMinutes)) return false;
            if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) return false;
            var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            value = new DateTimeOffset(date.Year, date.Month, date.Day, hour, minute, second, text[19] == '-' ? offset.Negate() : offset);
            return true;
        }

        /// <summary><c>yyyy-MM-dd</c>.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool TryParseDate(string text, out DateTime value)
        {
            value = default;
            return text.Length == 10 && TryParseDateAtStart(text, out value);
        }

        /// <summary>An optional minus and up to 18 digits; longer or other forms are refused (for long.TryParse).</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool TryParseInteger(string text, out long value)
        {
            value = 0;
            if (text.Length == 0) return false;
            var start = text[0] == '-' ? 1 : 0;
            if (text.Length - start < 1 || text.Length - start > 18) return false;
            for (var i = start; i < text.Length; i++)
            {
                var digit = text[i] - '0';
                if ((uint)digit > 9) return false;
                value = value * 10 + digit;
            }
            if (start == 1) value = -value;
            return true;
        }

        /// <summary>The <c>yyyy-MM-dd</c> at the start of <paramref name="text"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool TryParseDateAtStart(string text, out DateTime value)
        {
            value = default;
            if (text.Length < 10 || text[4] != '-' || text[7] != '-') return false;
            if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)) return false;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
            value = new DateTime(year, month, day);
            return true;
        }

        private static bool TryDigits(string text, int start, int count, out int value)
        {
            value = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = text[i] - '0';
                if ((uint)digit > 9) return false;
                value = value * 10 + digit;
            }
            return true;
        }
    }
}
