using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using Cordon.Server.Ui;
using Cordon.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cordon.Tests.Server;

/// <summary>
/// What operations say (refusals, validation messages) reaches the pages in the reader's language:
/// a real refusal rendered in French and Arabic, and every message template in the source translated.
/// </summary>
public sealed class OperationMessagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_invalid_subscription_form_is_refused_in_the_readers_language_with_the_values_as_typed(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await PageSession.SignInAsync(host, "officer");
        var expected = new Dictionary<string, string[]>
        {
            ["en"] = ["A subscription needs a name of 1 to 200 characters.", "'pigeon' is not a channel: ui, webhook."],
            ["fr"] = ["Un abonnement doit porter un nom de 1 à 200 caractères.", "« pigeon » n'est pas un canal : ui, webhook."],
            ["ar"] = ["يجب أن يحمل الاشتراك اسمًا من 1 إلى 200 حرف.", "«pigeon» ليست قناة: ui، webhook."],
        };
        foreach (var (culture, messages) in expected)
        {
            await officer.ChooseLanguageAsync(culture);
            var form = await officer.GetStringAsync("/alerts/subscriptions");
            var refused = await officer.PostFormAsync(form, "/alerts/subscriptions?handler=Create", [new("name", ""), new("channel", "pigeon"), new("kinds", "seizure")]);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
            foreach (var message in messages)
            {
                Assert.Contains(message, page, StringComparison.Ordinal);
            }
            if (culture != "en")
            {
                Assert.DoesNotContain("is not a channel", page, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_refusal_from_an_operation_reads_in_french_and_arabic_with_its_ids_untranslated_and_english_where_no_resource_has_it()
    {
        var text = Localiser();
        var refusal = new Cordon.Common.NotFound($"Seizure {"SZ-2026-0042"} does not exist.");
        var unknown = new Cordon.Common.Conflict($"A message no resource has yet: {7}.");
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("fr");
            Assert.Equal(Translation("fr", refusal.Wording.Template).Replace("{0}", "SZ-2026-0042", StringComparison.Ordinal), text.Say(refusal));
            Assert.Equal("A message no resource has yet: 7.", text.Say(unknown));
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("ar");
            var arabic = text.Say(refusal);
            Assert.Contains("SZ-2026-0042", arabic, StringComparison.Ordinal);
            Assert.Equal(Translation("ar", refusal.Wording.Template).Replace("{0}", "SZ-2026-0042", StringComparison.Ordinal), arabic);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Every_message_template_an_operation_or_a_page_refuses_with_has_a_french_and_an_arabic_translation()
    {
        var templates = MessageTemplates.InSource();
        Assert.True(templates.Count > 300, $"only {templates.Count} message templates found: the scan no longer sees the call sites");
        foreach (var culture in new[] { "fr", "ar" })
        {
            var translated = Entries(new CultureInfo(culture));
            var missing = templates.Where(t => !translated.ContainsKey(t.Template)).Select(t => $"{t.Where}: {t.Template}").ToList();
            Assert.True(missing.Count == 0, $"{culture}: {missing.Count} message templates without a translation (add them to Ui/UiText*.resx):\n{string.Join("\n", missing)}");
        }
    }

    [Fact]
    public void No_message_is_a_conditional_of_texts_that_would_bake_its_arguments_into_the_english()
    {
        var baked = MessageTemplates.InSource().Where(t => t.Baked).Select(t => $"{t.Where}: {t.Template}").Distinct().ToList();
        Assert.True(baked.Count == 0, $"{baked.Count} messages are a conditional with an interpolated branch: write the condition around two calls instead:\n{string.Join("\n", baked)}");
    }

    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    private static Dictionary<string, string> Entries(CultureInfo culture)
        => Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string Translation(string culture, string template) => Entries(new CultureInfo(culture))[template];

    private static Microsoft.Extensions.Localization.IStringLocalizer Localiser()
    {
        var factory = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        return factory.Create(typeof(UiText));
    }
}

/// <summary>
/// The message templates written in the source where a refusal or a field error takes them: the message of
/// <c>new Conflict/Forbidden/NotFound/UnsupportedMediaType(…)</c>, of <c>ValidationFailed.Field(field, …)</c> and of
/// <c>errors.Add(field, …)</c> on a field-error collection, as string literals or interpolated strings (in a
/// conditional, each literal branch). Read with Roslyn's parser, so the template is the one the compiler hands
/// to <see cref="Cordon.Common.Wording"/>: literal text with braces doubled, each hole as <c>{n[,alignment][:format]}</c>.
/// </summary>
internal static class MessageTemplates
{
    internal sealed record Found(string Template, string Where, bool Baked = false);

    private static readonly HashSet<string> Refusals = ["Conflict", "Forbidden", "NotFound", "UnsupportedMediaType"];

    public static IReadOnlyList<Found> InSource()
    {
        var files = new[] { "src/Cordon", "src/Cordon.Server" }
            .SelectMany(folder => Directory.EnumerateFiles(Repository.Path(folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: f, Root: CSharpSyntaxTree.ParseText(File.ReadAllText(f)).GetRoot()))
            .ToList();
        var takingWording = MethodsTakingAWording(files.Select(f => f.Root));
        var found = new List<Found>();
        foreach (var (file, root) in files)
        {
            foreach (var node in root.DescendantNodes())
            {
                if ((Message(node) ?? PassedAsWording(node, takingWording)) is not { } message)
                {
                    continue;
                }
                var where = $"{Path.GetRelativePath(Repository.Root, file)}:{message.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
                var baked = Baked(message);
                found.AddRange(Templates(message).Where(t => t.Length > 0).Select(t => new Found(t, where, baked)));
            }
        }
        return found;
    }

    /// <summary>Every method of the source with a parameter of type <c>Wording</c>: its name, that parameter's position and how many arguments a call may give.</summary>
    private static HashSet<(string Name, int Position, int Fewest, int Most)> MethodsTakingAWording(IEnumerable<SyntaxNode> roots)
        => roots.SelectMany(r => r.DescendantNodes())
            .Select(d => d switch
            {
                MethodDeclarationSyntax m => (Name: m.Identifier.ValueText, Parameters: m.ParameterList),
                ConstructorDeclarationSyntax c => (Name: c.Identifier.ValueText, Parameters: c.ParameterList),
                LocalFunctionStatementSyntax f => (Name: f.Identifier.ValueText, Parameters: f.ParameterList),
                TypeDeclarationSyntax { ParameterList: { } primary } t => (Name: t.Identifier.ValueText, Parameters: primary),
                _ => (Name: "", Parameters: null!),
            })
            .Where(m => m.Parameters is not null)
            .SelectMany(m => m.Parameters.Parameters.Select((p, i) => (Parameter: p, Position: i))
                .Where(p => p.Parameter.Type is { } t && IsWording(t))
                .Select(p => (m.Name, p.Position, m.Parameters.Parameters.Count(q => q.Default is null), m.Parameters.Parameters.Count)))
            .ToHashSet();

    private static bool IsWording(TypeSyntax type) => LastName(type is NullableTypeSyntax n ? n.ElementType : type) == "Wording";

    /// <summary>An argument handed to a method's <c>Wording</c> parameter (a parser's "error at this token", a job's progress).</summary>
    private static ExpressionSyntax? PassedAsWording(SyntaxNode node, HashSet<(string Name, int Position, int Fewest, int Most)> takingWording)
    {
        var (name, arguments) = node switch
        {
            InvocationExpressionSyntax { ArgumentList.Arguments: var given } call => (LastName(call.Expression), given),
            ObjectCreationExpressionSyntax { ArgumentList.Arguments: var given, Type: var type } => (LastName(type), given),
            _ => ("", default),
        };
        if (name.Length == 0)
        {
            return null;
        }
        return takingWording.Where(m => m.Name == name && m.Fewest <= arguments.Count && arguments.Count <= m.Most && m.Position < arguments.Count)
            .Select(m => arguments[m.Position]).FirstOrDefault(a => a.NameColon is null)?.Expression;
    }

    /// <summary>The message argument of a refusal or a field error, if the node is one.</summary>
    private static ExpressionSyntax? Message(SyntaxNode node)
    {
        switch (node)
        {
            case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: [var only] } creation
                when creation is ObjectCreationExpressionSyntax { Type: var type } && Refusals.Contains(LastName(type)):
                return only.Expression;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, ArgumentList.Arguments: [_, var second] }:
                var method = access.Name.Identifier.ValueText;
                var receiver = access.Expression is IdentifierNameSyntax id ? id.Identifier.ValueText : LastName(access.Expression);
                return (method == "Field" && receiver == "ValidationFailed") || (method == "Add" && receiver.EndsWith("errors", StringComparison.OrdinalIgnoreCase))
                    ? second.Expression
                    : null;
            // A method that answers with a wording (a file line's fault): each thing it returns.
            case ReturnStatementSyntax { Expression: { } returned } when node.Ancestors().FirstOrDefault(a => a is MethodDeclarationSyntax or LocalFunctionStatementSyntax or LambdaExpressionSyntax) is
                MethodDeclarationSyntax { ReturnType: var returns } && IsWording(returns):
                return returned;
            case ArrowExpressionClauseSyntax { Expression: var body } when node.Parent is MethodDeclarationSyntax { ReturnType: var returns } && IsWording(returns):
                return body;
            case ArrowExpressionClauseSyntax { Expression: var body } when node.Parent is PropertyDeclarationSyntax { Type: var type } && IsWording(type):
                return body;
            // A local kept as a wording: Wording cancelled = $"…";
            case VariableDeclaratorSyntax { Initializer.Value: var value } when node.Parent is VariableDeclarationSyntax { Type: var type } && IsWording(type):
                return value;
            default:
                return null;
        }
    }

    /// <summary>
    /// A conditional of two texts has the type string, so an interpolated branch is formatted before it becomes a
    /// wording: its arguments are baked into the text and no translation matches it.
    /// </summary>
    private static bool Baked(ExpressionSyntax message) => message switch
    {
        ParenthesizedExpressionSyntax p => Baked(p.Expression),
        ConditionalExpressionSyntax c => Branches(c).Any(b => b is InterpolatedStringExpressionSyntax i && i.Contents.OfType<InterpolationSyntax>().Any()),
        _ => false,
    };

    private static IEnumerable<ExpressionSyntax> Branches(ConditionalExpressionSyntax c)
        => new[] { c.WhenTrue, c.WhenFalse }.SelectMany(b => b is ConditionalExpressionSyntax inner ? Branches(inner) : b is ParenthesizedExpressionSyntax p ? [p.Expression] : [b]);

    private static string LastName(SyntaxNode type) => type switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.ValueText,
        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => "",
    };

    private static IEnumerable<string> Templates(ExpressionSyntax message) => message switch
    {
        LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal => [Escape(literal.Token.ValueText)],
        InterpolatedStringExpressionSyntax interpolated => [Template(interpolated)],
        ConditionalExpressionSyntax conditional => Templates(conditional.WhenTrue).Concat(Templates(conditional.WhenFalse)),
        ParenthesizedExpressionSyntax parenthesized => Templates(parenthesized.Expression),
        _ => [],
    };

    private static string Template(InterpolatedStringExpressionSyntax interpolated)
    {
        var template = new System.Text.StringBuilder();
        var hole = 0;
        foreach (var part in interpolated.Contents)
        {
            if (part is InterpolatedStringTextSyntax text)
            {
                template.Append(Escape(text.TextToken.ValueText));
            }
            else if (part is InterpolationSyntax h)
            {
                template.Append('{').Append(hole++.ToString(CultureInfo.InvariantCulture));
                if (h.AlignmentClause is { } alignment)
                {
                    template.Append(',').Append(alignment.Value.ToString().Replace(" ", "", StringComparison.Ordinal));
                }
                if (h.FormatClause is { } format)
                {
                    template.Append(':').Append(format.FormatStringToken.ValueText);
                }
                template.Append('}');
            }
        }
        return template.ToString();
    }

    private static string Escape(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
}
