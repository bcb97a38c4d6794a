using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Tests;

public class SecretRedactorTests
{
    [Fact]
    public void Registered_values_are_masked_wherever_they_appear()
    {
        SecretRedactor.Register("s3cr3t-client-secret-value");
        var text = SecretRedactor.Redact("client said s3cr3t-client-secret-value twice: s3cr3t-client-secret-value.");
        Assert.DoesNotContain("s3cr3t", text);
        Assert.Contains(SecretRedactor.Mask, text);
    }

    [Fact]
    public void Zoho_token_shapes_and_authorization_headers_are_masked_even_when_unregistered()
    {
        var text = SecretRedactor.Redact("Authorization: Zoho-oauthtoken abc.def.ghi and 1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210 here");
        Assert.DoesNotContain("abc.def.ghi", text);
        Assert.DoesNotContain("0123456789abcdef", text);
    }

    [Fact]
    public void Secret_form_parameters_are_masked_but_page_tokens_are_kept()
    {
        var text = SecretRedactor.Redact("refresh_token=xyz123456&client_secret=qqq999999&page_token=keepme");
        Assert.DoesNotContain("xyz123456", text);
        Assert.DoesNotContain("qqq999999", text);
        Assert.Contains("page_token=keepme", text);
    }

    [Fact]
    public void Short_values_are_not_registered_so_ordinary_text_survives()
    {
        SecretRedactor.Register("abc");
        Assert.Equal("abc def", SecretRedactor.Redact("abc def"));
    }

    [Fact]
    public void Longer_secret_containing_a_shorter_one_is_masked_whole()
    {
        SecretRedactor.Register("prefix-secret-9876");
        SecretRedactor.Register("prefix-secret-9876-and-more");
        Assert.Equal("x *** y", SecretRedactor.Redact("x prefix-secret-9876-and-more y"));
    }
}
