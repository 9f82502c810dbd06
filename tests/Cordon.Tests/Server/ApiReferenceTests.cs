using System.Net;
using System.Text;
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

    /// <summary>One operation of the served document.</summary>
    private sealed record Operation(string Method, string Path, JsonElement Element)
    {
        public string Key => $"{Method.ToUpperInvariant()} {Path}";
        public string? Id => Element.TryGetProperty("operationId", out var id) ? id.GetString() : null;
        public string? Summary => Element.TryGetProperty("summary", out var summary) ? summary.GetString() : null;
        public bool Declares(string status) => Element.TryGetProperty("responses", out var r) && r.TryGetProperty(status, out _);
    }

    private static async Task<JsonDocument> DocumentAsync(CordonHost host)
        => JsonDocument.Parse(await host.Anonymous().GetStringAsync("/openapi/v1.json", Ct));

    private static List<Operation> Operations(JsonDocument document)
        => document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete").Select(m => new Operation(m.Name, p.Name, m.Value)))
            .ToList();

    /// <summary>A response of an operation, its reference to components.responses followed.</summary>
    private static JsonElement Response(JsonDocument document, Operation operation, string status)
    {
        var response = operation.Element.GetProperty("responses").GetProperty(status);
        return response.TryGetProperty("$ref", out var reference)
            ? document.RootElement.GetProperty("components").GetProperty("responses").GetProperty(reference.GetString()!.Split('/')[^1])
            : response;
    }

    [Fact]
    public async Task Every_operation_has_a_unique_camel_case_operation_id_and_a_summary()
    {
        await using var host = await CordonHost.StartAsync("sqlite", demo: false);
        using var document = await DocumentAsync(host);
        var operations = Operations(document);
        Assert.True(operations.Count > 250, $"only {operations.Count} operations");
        var undescribed = operations.Where(o => string.IsNullOrWhiteSpace(o.Id) || string.IsNullOrWhiteSpace(o.Summary)).Select(o => o.Key).ToList();
        Assert.True(undescribed.Count == 0,
            "Operations without an operationId or summary: add .Describe(\"verbNoun\", \"what it does\") where the route is mapped: " + string.Join(", ", undescribed));
        Assert.Empty(operations.GroupBy(o => o.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Key))}"));
        Assert.All(operations, o => Assert.Matches("^[a-z][a-zA-Z0-9]*$", o.Id!));
        Assert.All(operations, o => Assert.DoesNotContain("\n", o.Summary!, StringComparison.Ordinal));
    }

    /// <summary>
    /// What the document declares is what the server does: each /api route is called without credentials (its path
    /// parameters filled with values of their type); a route that answers 401 must declare 401 and 403 as Problem Details,
    /// and one that declares 401 must answer it. A route naming a record declares 404; a change declares 409; all declare 429.
    /// </summary>
    [Fact]
    public async Task Every_api_operation_declares_the_problem_responses_it_can_give()
    {
        await using var host = await CordonHost.StartAsync("sqlite", demo: false);
        using var document = await DocumentAsync(host);
        var anonymous = host.Anonymous();
        var api = Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        var wrong = new List<string>();
        foreach (var operation in api)
        {
            var url = PathParameter().Replace(operation.Path, m => Placeholder(operation.Element, m.Groups[1].Value));
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), url);
            if (operation.Method is "post" or "put" or "patch")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }
            using var response = await anonymous.SendAsync(request, Ct);
            var refused = response.StatusCode == HttpStatusCode.Unauthorized;
            if (refused != operation.Declares("401"))
            {
                wrong.Add($"{operation.Key}: answers {(int)response.StatusCode} without credentials but {(refused ? "does not declare" : "declares")} 401");
            }
            if (refused && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                wrong.Add($"{operation.Key}: its 401 is {response.Content.Headers.ContentType}, not Problem Details");
            }
            var expected = new List<string> { "429" };
            if (refused)
            {
                expected.AddRange(["401", "403"]);
            }
            if (operation.Path.Contains('{', StringComparison.Ordinal))
            {
                expected.Add("404");
            }
            if (operation.Method is not "get")
            {
                expected.AddRange(["400", "409"]);
            }
            foreach (var status in expected)
            {
                if (!operation.Declares(status))
                {
                    wrong.Add($"{operation.Key}: does not declare {status}");
                    continue;
                }
                var content = Response(document, operation, status).GetProperty("content");
                if (!content.TryGetProperty("application/problem+json", out var problem))
                {
                    wrong.Add($"{operation.Key}: its {status} is not application/problem+json");
                    continue;
                }
                var schema = problem.GetProperty("schema").GetProperty("$ref").GetString();
                Assert.Equal(status == "400" ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails", schema);
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(api.Count(o => o.Declares("401")) > 200, "nearly every /api route requires credentials");

        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["detail", "instance", "status", "title", "traceId", "type"],
            schemas.GetProperty("ProblemDetails").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("errors", schemas.GetProperty("HttpValidationProblemDetails").GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>A value of the parameter's type, so the route matches (its constraint) and the request reaches authorisation.</summary>
    private static string Placeholder(JsonElement operation, string name)
    {
        var parameter = operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name && p.GetProperty("in").GetString() == "path");
        var schema = parameter.GetProperty("schema");
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var type = schema.TryGetProperty("type", out var t) ? t.ToString() : "";
        return format == "uuid" ? "0b7a9f0e-5d1c-4c57-9a59-3f1a2f6c1e01" : type.Contains("integer", StringComparison.Ordinal) ? "1" : "NL000396";
    }

    /// <summary>The demo user who sends each request example (a new example needs its sender here, so it is tested).</summary>
    private static readonly Dictionary<string, string> ExampleSenders = new()
    {
        ["lodgeDeclaration"] = "officer",
        ["lodgeDeclarations"] = "officer",
        ["lodgeConsignment"] = "officer",
        ["lodgeConsignments"] = "officer",
        ["receiveEdifact"] = "officer",
        ["lodgeManifest"] = "officer",
        ["readMrz"] = "officer",
        ["screenName"] = "officer",
        ["screenNames"] = "officer",
        ["openCase"] = "officer",
        ["recordCrossing"] = "bp.officer",
        ["reportIncident"] = "bp.officer",
        ["createChannel"] = "bp.officer",
        ["postMessage"] = "bp.officer",
        ["raiseAlert"] = "analyst",
        ["checkRiskExpression"] = "analyst",
    };

    [Fact]
    public async Task Each_request_example_in_the_document_is_accepted_by_a_demo_server()
    {
        await using var host = await CordonHost.StartAsync("sqlite");
        using var document = await DocumentAsync(host);
        var examples = Operations(document)
            .SelectMany(o => o.Element.TryGetProperty("requestBody", out var body)
                ? body.GetProperty("content").EnumerateObject().Where(c => c.Value.TryGetProperty("example", out _)).Select(c => (Operation: o, Type: c.Name, Example: c.Value.GetProperty("example")))
                : [])
            .OrderBy(e => e.Operation.Path.Count(ch => ch == '{')) // records first, then the routes that act on them
            .ToList();
        Assert.True(examples.Count >= 15, $"only {examples.Count} request examples");
        foreach (var required in new[] { "lodgeDeclaration", "lodgeConsignment", "lodgeManifest", "receiveEdifact", "postMessage", "screenName" })
        {
            Assert.Contains(examples, e => e.Operation.Id == required);
        }
        var clients = new Dictionary<string, HttpClient>();
        var created = new Dictionary<string, string>(); // collection path → the id of the record its example created
        foreach (var (operation, type, example) in examples)
        {
            Assert.True(ExampleSenders.TryGetValue(operation.Id!, out var user), $"{operation.Id} has an example: name the demo user who sends it in ExampleSenders");
            if (!clients.TryGetValue(user!, out var client))
            {
                clients[user!] = client = await host.AsAsync(user!);
            }
            var url = PathParameter().Replace(operation.Path, m => created[operation.Path[..m.Index].TrimEnd('/')]);
            var text = example.ValueKind == JsonValueKind.String ? example.GetString()! : example.GetRawText();
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), url)
            {
                Content = new StringContent(text, Encoding.UTF8, type),
            };
            using var response = await client.SendAsync(request, Ct);
            var answer = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.IsSuccessStatusCode, $"{operation.Key} ({operation.Id}) answered its example with {(int)response.StatusCode}: {answer}");
            if (answer.StartsWith('{') && JsonNode.Parse(answer)?["id"] is JsonValue id)
            {
                created[operation.Path] = id.ToString();
            }
        }
    }

    [Fact]
    public async Task The_problem_examples_are_the_answers_the_server_gives()
    {
        await using var host = await CordonHost.StartAsync("sqlite");
        using var document = await DocumentAsync(host);
        var examples = document.RootElement.GetProperty("components").GetProperty("examples");
        var analyst = await host.AsAsync("analyst");
        foreach (var (name, url) in new[] { ("ValidationProblem", "/api/risk/criteria?status=pending"), ("NotFoundProblem", "/api/declarations/26NL0000009999999") })
        {
            using var response = await analyst.GetAsync(url, Ct);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var real = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
            var shown = JsonNode.Parse(examples.GetProperty(name).GetProperty("value").GetRawText())!.AsObject();
            Assert.NotNull(real["traceId"]); // differs per request: compared by presence only
            real.Remove("traceId");
            shown.Remove("traceId");
            Assert.Equal(shown.ToJsonString(), real.ToJsonString());
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

    [GeneratedRegex("{([^}]+)}")]
    private static partial Regex PathParameter();

    [GeneratedRegex("script-src[^;]*'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
