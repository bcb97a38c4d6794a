using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Json;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Tests;

/// <summary>
/// Bulk cells and JSON text typed by the hand-written parsers (ZohoFormats) give what the general parsers give, and the
/// same fallbacks.
/// </summary>
public class BulkCsvTypingTests
{
    [Theory]
    [InlineData("2024-02-14T20:31:48+05:30", FieldValueKind.DateTime)]
    [InlineData("2022-01-02T02:59:12-08:00", FieldValueKind.DateTime)]
    [InlineData("2022-01-02T02:59:12+00:00", FieldValueKind.DateTime)]
    [InlineData("2024-02-29T23:59:59+14:00", FieldValueKind.DateTime)]
    [InlineData("2023-02-29T10:00:00+05:30", FieldValueKind.DateTime)]
    [InlineData("2024-02-14T24:31:48+05:30", FieldValueKind.DateTime)]
    [InlineData("2024-02-14 20:31:48", FieldValueKind.DateTime)]
    [InlineData("2024-02-14T20:31:48Z", FieldValueKind.DateTime)]
    [InlineData("not a time", FieldValueKind.DateTime)]
    [InlineData("2022-02-25", FieldValueKind.Date)]
    [InlineData("2024-02-29", FieldValueKind.Date)]
    [InlineData("2023-02-29", FieldValueKind.Date)]
    [InlineData("2022-13-01", FieldValueKind.Date)]
    [InlineData("2022-2-5", FieldValueKind.Date)]
    [InlineData("4807", FieldValueKind.Integer)]
    [InlineData("-12", FieldValueKind.Integer)]
    [InlineData("0", FieldValueKind.Integer)]
    [InlineData("-", FieldValueKind.Integer)]
    [InlineData("999999999999999999", FieldValueKind.Integer)]
    [InlineData("9223372036854775807", FieldValueKind.Integer)]
    [InlineData("99999999999999999999", FieldValueKind.Integer)]
    [InlineData("+7", FieldValueKind.Integer)]
    [InlineData("12a", FieldValueKind.Integer)]
    [InlineData("true", FieldValueKind.Boolean)]
    [InlineData("false", FieldValueKind.Boolean)]
    [InlineData("True", FieldValueKind.Boolean)]
    [InlineData("yes", FieldValueKind.Boolean)]
    [InlineData("15670000", FieldValueKind.Decimal)]
    [InlineData("1.5", FieldValueKind.Double)]
    public void A_cell_is_typed_as_the_general_parser_types_it(string text, FieldValueKind kind)
    {
        var expected = RecordJsonReader.TypeStringGenerally(text, kind);
        foreach (var actual in new[] { BulkCsvSchema.Convert(text, kind), RecordJsonReader.TypeString(text, kind) })
        {
            Assert.Equal(expected, actual);
            Assert.Equal(expected?.GetType(), actual?.GetType());
            if (expected is DateTimeOffset time) Assert.Equal(time.Offset, ((DateTimeOffset)actual!).Offset);
            if (expected is DateTime date) Assert.Equal(date.Kind, ((DateTime)actual!).Kind);
        }
    }
}
