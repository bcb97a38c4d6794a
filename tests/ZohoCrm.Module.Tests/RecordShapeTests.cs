using System.Management.Automation;
using Xunit;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Metadata;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.Module.Tests;

/// <summary>
/// The two forms of a bulk row (RecordShape): note-property records, made from one seed field per column that
/// PowerShell copies into each record, and lean records of a class made per field set. Each record's fields must be its
/// own, read its own cells, and know the record they came from, also when two threads make records of one shape.
/// </summary>
public sealed class RecordShapeTests
{
    private static readonly string[] Header = { "Id", "Last_Name", "Created_Time", "Owner" };

    private static RecordShape BulkShape()
    {
        var types = new FieldTypeMap(new[]
        {
            new ZohoField("Last_Name", "Last Name", "text"),
            new ZohoField("Created_Time", "Created Time", "datetime"),
            new ZohoField("Owner", "Lead Owner", "ownerlookup"),
        });
        var forBulkRows = typeof(RecordShape).GetMethod("ForBulkRows", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return (RecordShape)forBulkRows.Invoke(null, new object[] { new BulkCsvSchema("Leads", Header, types) })!;
    }

    private static string[] Cells(int i) => new[] { "57257670010000" + i.ToString("D5"), "Name " + i, "2024-02-14T20:31:48+05:30", "5725767000000" + i.ToString("D6") };

    [Fact]
    public void Records_made_from_seeds_have_fields_of_their_own()
    {
        var shape = BulkShape();
        var records = Enumerable.Range(0, 3).Select(i => shape.Create(Cells(i))).ToArray();

        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            Assert.Equal(new[] { "ZohoCrm.Record#Leads", "ZohoCrm.Record" }, record.TypeNames.Take(2));
            Assert.Equal(new[] { "id", "Last_Name", "Created_Time", "Owner" }, record.Properties.Select(p => p.Name));
            Assert.All(record.Properties, p => Assert.IsType<RecordField>(p));
            Assert.Equal(Cells(i)[0], record.Properties["id"].Value);
            Assert.Equal("Name " + i, record.Properties["Last_Name"].Value);
            Assert.Equal(new DateTimeOffset(2024, 2, 14, 20, 31, 48, TimeSpan.FromMinutes(330)), record.Properties["Created_Time"].Value);
            Assert.Equal(Cells(i)[3], Assert.IsType<ZohoCrm.Lookup>(record.Properties["Owner"].Value).id);
            Assert.True(RecordObjects.TryGetOriginal(record, out var original));
            Assert.Equal(Cells(i)[0], original.Fields.Single(f => f.Key == "id").Value);
        }
        Assert.NotSame(records[0].Properties["id"], records[1].Properties["id"]);

        // A copy's fields are its own: changing one leaves the record alone, and the copy still knows the record read.
        var copy = records[1].Copy();
        copy.Properties["Last_Name"].Value = "Changed";
        ((ZohoCrm.Lookup)copy.Properties["Owner"].Value).id = "42";
        Assert.Equal("Name 1", records[1].Properties["Last_Name"].Value);
        Assert.Equal(Cells(1)[3], ((ZohoCrm.Lookup)records[1].Properties["Owner"].Value).id);
        Assert.True(RecordObjects.TryGetOriginal(copy, out var copied));
        Assert.Equal(Cells(1)[0], copied.Fields.Single(f => f.Key == "id").Value);
    }

    [Fact]
    public void Two_threads_making_records_of_one_shape_each_get_their_own_cells()
    {
        var shape = BulkShape();
        var made = new PSObject[4000];
        Parallel.For(0, made.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => made[i] = shape.Create(Cells(i)));
        for (var i = 0; i < made.Length; i++)
        {
            Assert.Equal(Cells(i)[0], made[i].Properties["id"].Value);
            Assert.Equal("Name " + i, made[i].Properties["Last_Name"].Value);
        }
    }

    [Fact]
    public void Lean_records_are_objects_of_one_class_per_field_set_with_the_same_fields()
    {
        var shape = BulkShape();
        var lean = PSObject.AsPSObject(shape.CreateLean(Cells(7)));
        var other = shape.CreateLean(Cells(8));

        Assert.Equal("ZohoCrm.Record#Leads", lean.BaseObject.GetType().FullName);
        Assert.Same(lean.BaseObject.GetType(), other.GetType());
        Assert.Equal(new[] { "ZohoCrm.Record#Leads", "ZohoCrm.Record" }, lean.TypeNames.Take(2));
        Assert.Equal(Cells(7)[0], lean.Properties["id"].Value);
        Assert.Equal(Cells(7)[3], ((ZohoCrm.Lookup)lean.Properties["Owner"].Value).id);
        Assert.True(RecordObjects.TryGetOriginal(lean, out var original));
        Assert.Equal(Cells(7)[0], original.Fields.Single(f => f.Key == "id").Value);
    }
}
