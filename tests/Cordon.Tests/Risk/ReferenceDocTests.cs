using System.Text.RegularExpressions;
using Cordon.Risk;
using Cordon.Risk.Language;

namespace Cordon.Tests.Risk;

/// <summary>The analysts' reference (docs/risk-criteria.md) must not drift from the language.</summary>
public sealed partial class ReferenceDocTests
{
    private static string Reference()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cordon.slnx")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir.FullName, "docs", "risk-criteria.md"));
    }

    [GeneratedRegex("```\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [Fact]
    public void Every_example_condition_in_the_reference_checks()
    {
        var examples = CodeBlock().Matches(Reference()).Select(m => m.Groups[1].Value)
            .Where(block => !block.StartsWith('$'))
            .SelectMany(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.True(examples.Count >= 4, $"found {examples.Count} examples");
        foreach (var example in examples)
        {
            var check = RiskExpression.Check(example);
            Assert.True(check.Ok, $"{example}\n{check.Describe()}");
        }
    }

    [Fact]
    public void Every_feature_in_the_catalogues_is_documented()
    {
        var reference = Reference();
        foreach (var catalog in new[] { FeatureCatalog.Declaration, FeatureCatalog.Item, FeatureCatalog.Screening })
        {
            foreach (var feature in catalog.All)
            {
                Assert.Contains($"{catalog.Group}.{feature.Name}", reference, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_function_is_documented()
    {
        var reference = Reference();
        foreach (var name in RiskSchema.Declarations.Functions.Select(f => f.Name).Distinct())
        {
            var bare = name.Replace("stats.", "", StringComparison.Ordinal);
            Assert.True(reference.Contains($"`{name}", StringComparison.Ordinal) || reference.Contains($"`{bare}", StringComparison.Ordinal), $"{name} is not in the reference");
        }
    }
}
