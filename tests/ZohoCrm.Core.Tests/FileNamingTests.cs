using System.Text;
using ZohoCrm.Core.Files;

namespace ZohoCrm.Core.Tests;

/// <summary>Server-chosen file names made safe, Content-Disposition both ways, image sniffing and the multipart body.</summary>
public class FileNamingTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("Angebot – Müller 契約.pdf", "Angebot – Müller 契約.pdf")]
    [InlineData("../../x", "_._x")]
    [InlineData("..\\..\\x", "_._x")]
    [InlineData("/etc/passwd", "_etc_passwd")]
    [InlineData("a/b\\c.txt", "a_b_c.txt")]
    [InlineData("CON", "_CON")]
    [InlineData("con.txt", "_con.txt")]
    [InlineData("NUL .log", "_NUL .log")]
    [InlineData("COM1", "_COM1")]
    [InlineData("lpt9.doc", "_lpt9.doc")]
    [InlineData("CONSOLE.txt", "CONSOLE.txt")]
    [InlineData(".bashrc", "bashrc")]
    [InlineData("...hidden", "hidden")]
    [InlineData("name.   ", "name")]
    [InlineData("a:b*c?d\"e<f>g|h.txt", "a_b_c_d_e_f_g_h.txt")]
    [InlineData("tab\there", "tab_here")]
    [InlineData("x..y", "x.y")]
    public void Server_names_become_one_safe_segment(string given, string expected)
    {
        var safe = SafeFileName.From(given, "fallback");
        Assert.Equal(expected, safe);
        Assert.DoesNotContain("..", safe, StringComparison.Ordinal);
        Assert.Equal(safe, Path.GetFileName(safe));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData(". .")]
    public void Nothing_usable_falls_back(string? given) => Assert.Equal("attachment-7", SafeFileName.From(given, "attachment-7"));

    [Fact]
    public void Long_names_are_cut_keeping_the_extension()
    {
        var safe = SafeFileName.From(new string('a', 400) + ".pdf", "x");
        Assert.Equal(SafeFileName.MaxLength, safe.Length);
        Assert.EndsWith(".pdf", safe, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("attachment; filename=\"plain.pdf\"", "plain.pdf")]
    [InlineData("attachment; filename=plain.pdf", "plain.pdf")]
    [InlineData("attachment; filename=\"a \\\"q\\\".txt\"", "a \"q\".txt")]
    [InlineData("attachment; filename=\"M_ller.pdf\"; filename*=UTF-8''M%C3%BCller.pdf", "Müller.pdf")]
    [InlineData("attachment; filename*=utf-8'en'%E5%A5%91%E7%B4%84.pdf; filename=\"__.pdf\"", "契約.pdf")]
    [InlineData("inline", null)]
    [InlineData("", null)]
    public void The_name_of_a_content_disposition(string header, string? expected) => Assert.Equal(expected, ContentDisposition.FileNameOf(header));

    [Fact]
    public void Raw_utf8_read_as_latin1_is_decoded_back()
    {
        var latin1 = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("Résumé.pdf"));
        Assert.Equal("Résumé.pdf", ContentDisposition.FileNameOf("attachment; filename=\"" + latin1 + "\""));
    }

    [Fact]
    public void Headers_written_round_trip()
    {
        const string name = "Vertrag \"Müller\" 契約.pdf";
        Assert.Equal(name, ContentDisposition.FileNameOf(ContentDisposition.AttachmentHeader(name)));
        Assert.True(ContentDisposition.AttachmentHeader(name).All(c => c < 128));
        var formData = ContentDisposition.FormDataHeader("file", name);
        Assert.StartsWith("form-data; name=\"file\"; filename=\"Vertrag \\\"Müller\\\" 契約.pdf\"; filename*=UTF-8''", formData, StringComparison.Ordinal);
        Assert.Equal("form-data; name=\"file\"; filename=\"a.txt\"", ContentDisposition.FormDataHeader("file", "a.txt"));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, "image/gif")]
    [InlineData(new byte[] { (byte)'B', (byte)'M', 0, 0 }, "image/bmp")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F' }, null)]
    [InlineData(new byte[] { 0x89, 0x50 }, null)]
    public void Images_are_told_by_their_first_bytes(byte[] head, string? expected) => Assert.Equal(expected, ImageFormat.MediaTypeOf(head, head.Length));

    [Fact]
    public async Task The_multipart_body_streams_the_file_with_an_exact_length_and_can_be_sent_again()
    {
        var path = Path.Combine(Path.GetTempPath(), "zcrm-multipart-" + Guid.NewGuid().ToString("N") + ".bin");
        var bytes = new byte[300_000];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        try
        {
            long reported = 0;
            using var content = new MultipartFileContent("file", path, "Müller.bin", "application/octet-stream", sent => reported = sent, CancellationToken.None);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                using var sink = new MemoryStream();
                await content.CopyToAsync(sink);
                var body = sink.ToArray();
                Assert.Equal(content.Headers.ContentLength, body.Length);
                var text = Encoding.UTF8.GetString(body, 0, 300);
                Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"Müller.bin\"; filename*=UTF-8''M%C3%BCller.bin", text, StringComparison.Ordinal);
                var start = Encoding.UTF8.GetByteCount(text.Substring(0, text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4));
                Assert.Equal(bytes, body.AsSpan(start, bytes.Length).ToArray());
                Assert.Equal(bytes.Length, reported);
            }
            Assert.Equal("multipart/form-data", content.Headers.ContentType!.MediaType);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_or_oversized_upload_is_refused_before_sending()
    {
        var missing = Assert.Throws<LocalFileException>(() => AttachmentService.CheckUpload("/no/such/file.pdf", 10));
        Assert.Equal(LocalFileException.FileNotFound, missing.ErrorId);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[11]);
            var tooLarge = Assert.Throws<LocalFileException>(() => AttachmentService.CheckUpload(path, 10));
            Assert.Equal(LocalFileException.FileTooLarge, tooLarge.ErrorId);
            Assert.Equal(10, tooLarge.Limit);
            Assert.Equal(11, AttachmentService.CheckUpload(path, 11).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
