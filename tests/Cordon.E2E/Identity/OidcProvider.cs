using System.Diagnostics;
using System.Net;
using System.Text;

namespace Cordon.E2E.Identity;

/// <summary>
/// A real OpenID Connect provider for the single sign-on tests: <c>oidc/provider.mjs</c> (the certified
/// <c>oidc-provider</c> package from npm) under the machine's Node.js, on a free port at
/// <c>http://localhost:{port}</c>, a different site from the server's <c>http://127.0.0.1:{port}</c> as a
/// real agency provider would be. Its packages come from its package-lock: <c>.ci/run</c> installs them
/// (<c>npm ci</c>); a local run without them installs them once here.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public string Issuer { get; }
    public const string ClientId = "cordon";
    public const string ClientSecret = "cordon-test-secret";

    private OidcProvider(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    /// <summary>The port to serve on, chosen before the provider starts so that its issuer can be configured in Cordon first.</summary>
    public static int ChoosePort() => ServerProcess.FreePort();

    public static string IssuerAt(int port) => $"http://localhost:{port}";

    public static async Task<OidcProvider> StartAsync(int port, string redirectUri)
    {
        var node = OnPath("node") ?? Skip("Node.js is not installed: install Debian's 'nodejs' and 'npm' packages (.ci/run does) to run the single sign-on browser tests.");
        var folder = Path.Combine(ServerProcess.RepositoryRoot(), "tests", "Cordon.E2E", "Identity", "oidc");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            var npm = OnPath("npm") ?? Skip("npm is not installed: install Debian's 'npm' package (.ci/run does) to run the single sign-on browser tests.");
            await RunAsync(npm, folder, "ci", "--no-audit", "--no-fund");
        }
        var start = new ProcessStartInfo(node) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("provider.mjs");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["REDIRECT_URI"] = redirectUri;
        var provider = new OidcProvider(Process.Start(start)!, IssuerAt(port));
        provider._process.OutputDataReceived += (_, e) => provider.Append(e.Data);
        provider._process.ErrorDataReceived += (_, e) => provider.Append(e.Data);
        provider._process.BeginOutputReadLine();
        provider._process.BeginErrorReadLine();

        using var http = new HttpClient();
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                if (provider._process.HasExited)
                {
                    throw new InvalidOperationException($"The OpenID Connect provider exited with {provider._process.ExitCode}:\n{provider.Log}");
                }
                try
                {
                    return (await http.GetAsync($"{provider.Issuer}/.well-known/openid-configuration")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), () => $"The OpenID Connect provider was not ready within 60 s:\n{provider.Log}", TimeSpan.FromMilliseconds(200));
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static string Skip(string reason)
    {
        Assert.Skip(reason);
        return "";
    }

    private static string? OnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static async Task RunAsync(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{Path.GetFileName(file)} {string.Join(' ', args)}' in {folder} failed ({process.ExitCode}); .ci/run installs the provider's packages:\n{await output}\n{await errors}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
