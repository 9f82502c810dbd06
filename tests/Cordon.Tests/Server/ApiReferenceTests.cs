using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

public sealed partial class ApiReferenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Where the API's description is kept in the repository, for integrators and for review of every change to it.</summary>
    private static string CheckedIn => Repository.Path("docs", "openapi", "v1.json");

    [Fact]
    public async Task The_checked_in_OpenAPI_document_is_the_one_the_server_serves()
    {
        await using var host = await CordonHost.StartAsync("sqlite", demo: false);
        var served = JsonNode.Parse(await host.Anonymous().GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        served.Remove("servers"); // where this test's server listened, not part of the API
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

        if (Environment.GetEnvironmentVariable("CORDON_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CheckedIn)!);
            await File.WriteAllTextAsync(CheckedIn, text, Ct);
        }
        Assert.True(File.Exists(CheckedIn), $"{CheckedIn} is missing: run CORDON_UPDATE_OPENAPI=1 dotnet test tests/Cordon.Tests --filter ApiReferenceTests");
        var kept = await File.ReadAllTextAsync(CheckedIn, Ct);
        Assert.True(kept == text,
            "The API changed but docs/openapi/v1.json was not regenerated: run CORDON_UPDATE_OPENAPI=1 dotnet test tests/Cordon.Tests --filter ApiReferenceTests and commit the file. "
            + $"First difference at character {FirstDifference(kept, text)}.");
    }

    [Fact]
    public async Task The_document_declares_the_API_key_and_bearer_schemes()
    {
        await using var host = await CordonHost.StartAsync("sqlite", demo: false);
        using var document = JsonDocument.Parse(await host.Anonymous().GetStringAsync("/openapi/v1.json", Ct));
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty("ApiKey").GetProperty("in").GetString());
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("security").GetArrayLength());
    }

    [Fact]
    public async Task The_API_reference_is_served_from_the_server_itself_with_each_script_allowed_by_its_response_nonce_only()
    {
        await using var host = await CordonHost.StartAsync("sqlite", demo: false);
        var client = host.Anonymous();
        var response = await client.GetAsync("/api/docs/", Ct);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync(Ct);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = NonceInPolicy().Match(policy).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(nonce), policy);

        var scripts = ScriptTag().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("https://", string.Join("\n", scripts.Select(s => s.Value)), StringComparison.Ordinal); // nothing from a CDN

        // A second request gets another nonce; other pages keep the policy without one.
        var again = string.Join(";", (await client.GetAsync("/api/docs/", Ct)).Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain(nonce, again, StringComparison.Ordinal);
        var other = string.Join(";", (await client.GetAsync("/health/live", Ct)).Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("nonce-", other, StringComparison.Ordinal);

        // The scripts it names are served, with content.
        foreach (Match src in ScriptSource().Matches(html))
        {
            var body = await client.GetByteArrayAsync("/api/docs/" + src.Groups[1].Value, Ct);
            Assert.True(body.Length > 1000, $"{src.Groups[1].Value}: {body.Length} bytes");
        }
    }

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }
        return i;
    }

    [GeneratedRegex("script-src[^;]*'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
