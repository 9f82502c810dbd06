using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cordon.Tests.Support;

/// <summary>
/// Time comes from one place: in src/ the registered <see cref="TimeProvider"/> (db.Clock, injected clocks), in tests/
/// <see cref="TestClock"/> (a fixed instant, a <see cref="ManualClock"/>, or the real time where it has to be real), so
/// no test depends on the day it runs and every real-time read is one a reader can find.
/// </summary>
public sealed class ClockTests
{
    private static readonly string TestClockFile = Path.Combine("tests", "Cordon.Tests", "Support", "TestClock.cs");

    [Fact]
    public void No_test_reads_the_clock_except_through_TestClock()
    {
        var reads = ClockReads("tests", includeTimeProviderSystem: true).Where(r => r.File != TestClockFile).ToList();
        Assert.True(reads.Count == 0, "Read the time through Support/TestClock (Fixed, a ManualClock, or Now where it must be real), "
            + "and wait through Support/Eventually:\n" + string.Join("\n", reads.Select(r => $"{r.File}:{r.Line}: {r.Text}")));
    }

    /// <summary>
    /// Where src/ may name the system clock: the server registers it as the one TimeProvider, the CLI's entry point hands it to
    /// the command tree, and IntakeAudit's store overload stamps a file import's entry (its caller, FileImport, has no clock to give yet).
    /// </summary>
    private static readonly (string File, string Member)[] SystemClockAllowed =
    [
        (Path.Combine("src", "Cordon.Server", "CordonServer.cs"), "Build"),
        (Path.Combine("src", "Cordon.Cli", "CordonCli.cs"), "RunAsync"),
    ];

    [Fact]
    public void The_product_reads_the_time_only_from_its_injected_clock()
    {
        var reads = ClockReads("src", includeTimeProviderSystem: true)
            .Where(r => !(r.Text.EndsWith("TimeProvider.System", StringComparison.Ordinal) && SystemClockAllowed.Contains((r.File, r.Member))))
            .ToList();
        Assert.True(reads.Count == 0, "Take the time from the injected TimeProvider (db.Clock, a clock parameter); only the clock's registration "
            + "and the CLI's entry point name TimeProvider.System:\n" + string.Join("\n", reads.Select(r => $"{r.File}:{r.Line} ({r.Member}): {r.Text}")));
    }

    [Fact]
    public void The_guard_finds_each_way_of_reading_the_clock_and_not_words_in_comments_or_strings()
    {
        const string code = """
            class C
            {
                // DateTime.UtcNow in a comment is not a read
                string S = "DateTimeOffset.UtcNow";
                object A = System.DateTime.UtcNow, B = DateTime.Now, C = DateTime.Today, D = DateTimeOffset.UtcNow, E = global::System.DateTimeOffset.Now, F = TimeProvider.System;
                object G = DateTime.UtcNow.Ticks;
            }
            """;
        Assert.Equal(
            ["System.DateTime.UtcNow", "DateTime.Now", "DateTime.Today", "DateTimeOffset.UtcNow", "global::System.DateTimeOffset.Now", "TimeProvider.System", "DateTime.UtcNow"],
            Reads(code, includeTimeProviderSystem: true).Select(r => r.Text));
        Assert.DoesNotContain("TimeProvider.System", Reads(code, includeTimeProviderSystem: false).Select(r => r.Text));
    }

    private sealed record Read(string File, int Line, string Text, string Member);

    private static List<Read> ClockReads(string folder, bool includeTimeProviderSystem)
        => Directory.EnumerateFiles(Repository.Path(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Reads(File.ReadAllText(f), includeTimeProviderSystem).Select(r => r with { File = Path.GetRelativePath(Repository.Root, f) }))
            .ToList();

    private static IEnumerable<Read> Reads(string code, bool includeTimeProviderSystem)
        => CSharpSyntaxTree.ParseText(code).GetRoot().DescendantNodes().OfType<MemberAccessExpressionSyntax>()
            .Where(m => (Last(m.Expression), m.Name.Identifier.Text) is ("DateTime", "UtcNow" or "Now" or "Today") or ("DateTimeOffset", "UtcNow" or "Now")
                || (includeTimeProviderSystem && (Last(m.Expression), m.Name.Identifier.Text) is ("TimeProvider", "System")))
            .Select(m => new Read("", m.GetLocation().GetLineSpan().StartLinePosition.Line + 1, m.ToString(),
                m.Ancestors().OfType<MemberDeclarationSyntax>().Select(Name).FirstOrDefault(n => n is not null) ?? ""));

    private static string? Name(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text,
        PropertyDeclarationSyntax p => p.Identifier.Text,
        ConstructorDeclarationSyntax c => c.Identifier.Text,
        _ => null,
    };

    private static string Last(ExpressionSyntax e) => e switch
    {
        MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
        AliasQualifiedNameSyntax a => a.Name.Identifier.Text,
        QualifiedNameSyntax q => q.Right.Identifier.Text,
        SimpleNameSyntax s => s.Identifier.Text,
        _ => "",
    };
}
