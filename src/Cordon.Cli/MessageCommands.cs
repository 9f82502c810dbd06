using System.CommandLine;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary>
/// `cordon messages list [CHANNEL]` and `cordon messages post CHANNEL`: channels between agencies, for integrations and scripts;
/// `cordon messages rotate-keys`: re-wraps channel keys with the current server key after a server key rotation.
/// </summary>
internal static class MessageCommands
{
    private static readonly Option<bool> JsonOut = new("--json") { Description = "Print JSON instead of a table." };
    private static readonly Option<string?> KeyFile = new("--key-file")
    {
        Description = "The server key file (its older keys in FILE.previous); default as the server: Cordon__Messaging__ServerKey and "
                      + "Cordon__Messaging__PreviousServerKeys__N, or messaging.key in the data directory.",
        Recursive = true,
    };
    private static readonly Option<string?> AsUser = new("--as") { Description = "Act as this user (their agency's membership and agreements apply; default: the local operator, who reads every channel and posts in none)." };

    public static Command Messages(TimeProvider clock)
    {
        var command = new Command("messages", "Channels between agencies: list channels or a conversation, post a message, a Warning or Feedback; re-wrap channel keys after a server key rotation.");
        command.Options.Add(KeyFile);
        command.Subcommands.Add(List(clock));
        command.Subcommands.Add(Post(clock));
        command.Subcommands.Add(Search(clock));
        command.Subcommands.Add(RotateKeys());
        return command;
    }

    private static Command List(TimeProvider clock)
    {
        var channel = new Argument<Guid?>("channel") { Description = "A channel's id: its conversation (without: the channels you are a member of).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "List your channels with unread counts, or one channel's messages as you may read them.") { channel, AsUser, JsonOut };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = await ActorAsync(db, parse, ct);
            var console = CordonCli.Console(parse);
            if (parse.GetValue(channel) is not { } id)
            {
                var channels = await Channels.ListAsync(db, actor, clock.GetUtcNow(), ct);
                if (parse.GetValue(JsonOut))
                {
                    CordonCli.WriteJson(parse, channels);
                    return 0;
                }
                var table = new Table().AddColumns("Id", "Name", "Kind", "Owner", "Marking", "Members", "Messages", "Unread", "Closed");
                foreach (var c in channels)
                {
                    table.AddRow(c.Id.ToString(), Markup.Escape(c.Name), c.Kind, c.Agency, Markup.Escape(c.Marking),
                        string.Join(", ", c.Members.Where(m => m.EndedAt is null).Select(m => m.User is null ? m.Agency : $"{m.Agency}/{m.User}")),
                        $"{c.Messages}", $"{c.Unread}", c.Closed ? "yes" : "");
                }
                console.Write(table);
                return 0;
            }
            var policy = await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, clock.GetUtcNow(), ct);
            var messages = await ChannelMessages.ListAsync(db, policy, Keys(parse), id, ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, messages);
                return 0;
            }
            console.Write(Conversation(messages));
            return 0;
        });
        return command;
    }

    /// <summary>Messages as a table: one row each, templates spelled out, files and what was withheld named.</summary>
    private static Table Conversation(IEnumerable<MessageView> messages)
    {
        var rows = new Table().AddColumns("Posted", "From", "Marking", "Message");
        foreach (var m in messages)
        {
            var text = m.Deleted ? "(deleted)" : m.Template switch
            {
                "warning" => $"WARNING {m.Warning?.What} · where {m.Warning?.Where ?? "-"} · when {m.Warning?.When:yyyy-MM-dd HH:mm} · vehicle {m.Warning?.Vehicle ?? "-"} · confidence {m.Warning?.Confidence ?? "-"}"
                             + (m.Text is null ? "" : $" — {m.Text}"),
                "feedback" => $"FEEDBACK on {m.Feedback?.OnMessage}: {m.Feedback?.Result}",
                "seizure-report" => $"SEIZURE REPORT {m.SeizureReport?.Reference ?? "(withheld)"} · {m.SeizureReport?.SeizedAt:yyyy-MM-dd HH:mm} · "
                                    + string.Join(", ", m.SeizureReport?.Items.Select(i => $"{i.Quantity:0.###} {i.Unit} {i.Description}") ?? [])
                                    + $" · seized from {m.SeizureReport?.Owner ?? "-"}" + (m.Text is null ? "" : $" — {m.Text}"),
                _ => m.Text ?? "",
            };
            if (m.Attachments.Count > 0)
            {
                text += " · files: " + string.Join(", ", m.Attachments.Select(a => $"{a.FileName ?? "(withheld)"} ({a.Size:N0} bytes, SHA-256 {a.Sha256[..16]}…)"));
            }
            if (m.Redacted.Length > 0)
            {
                text += $" [withheld: {string.Join(", ", m.Redacted)}]";
            }
            rows.AddRow($"{m.PostedAt:yyyy-MM-dd HH:mm}", Markup.Escape($"{m.Agency} {m.Author}"), Markup.Escape(m.Marking), Markup.Escape(text));
        }
        return rows;
    }

    private static Command Search(TimeProvider clock)
    {
        var words = new Argument<string>("words") { Description = "The words to find (every one, case and accents ignored)." };
        var channel = new Option<Guid?>("--channel") { Description = "Search only this channel." };
        var limit = new Option<int>("--limit") { Description = "Most messages shown, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("search", "Find messages in your channels (or one) by their words, as you may read them.") { words, channel, limit, AsUser, JsonOut };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = await ActorAsync(db, parse, ct);
            var policy = await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, clock.GetUtcNow(), ct);
            var found = await ChannelMessages.SearchAsync(db, policy, Keys(parse), parse.GetValue(words), parse.GetValue(channel), parse.GetValue(limit), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, found);
                return 0;
            }
            CordonCli.Console(parse).Write(Conversation(found));
            return 0;
        });
        return command;
    }

    private static Command Post(TimeProvider clock)
    {
        var channel = new Argument<Guid>("channel") { Description = "The channel's id (see `cordon messages list`)." };
        var text = new Option<string?>("--text") { Description = "The message's text." };
        var marking = new Option<string?>("--marking") { Description = "TLP marking (default: the channel's); never above the channel's." };
        var replyTo = new Option<Guid?>("--reply-to") { Description = "The message this one replies to." };
        var what = new Option<string?>("--warning") { Description = "Post a Warning: what is coming." };
        var where = new Option<string?>("--where") { Description = "Warning: where." };
        var when = new Option<DateTimeOffset?>("--when") { Description = "Warning: when (ISO 8601)." };
        var vehicle = new Option<string?>("--vehicle") { Description = "Warning: vehicle or container." };
        var confidence = new Option<string?>("--confidence") { Description = "Warning: low, medium or high." };
        var feedbackOn = new Option<Guid?>("--feedback-on") { Description = "Post Feedback on this message (a Warning, a tip-off)." };
        var result = new Option<string?>("--result") { Description = "Feedback: what came of it." };
        var seizure = new Option<string?>("--seizure-report") { Description = "Post a Seizure report filled from this seizure (its reference or id)." };
        var attach = new Option<FileInfo[]>("--attach") { Description = "Attach a file (JPEG, PNG, PDF or text; repeat for several), sealed with the channel's key." };
        var command = new Command("post", "Post a message, a Warning (--warning …), Feedback (--feedback-on … --result …) or a Seizure report (--seizure-report REF) as a member (--as USER).")
        {
            channel, text, marking, replyTo, what, where, when, vehicle, confidence, feedbackOn, result, seizure, attach, AsUser, JsonOut,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = await ActorAsync(db, parse, ct);
            var warning = parse.GetValue(what) is null && parse.GetValue(where) is null && parse.GetValue(vehicle) is null ? null
                : new WarningInput(parse.GetValue(what), parse.GetValue(where), parse.GetValue(when), parse.GetValue(vehicle), parse.GetValue(confidence));
            var feedback = parse.GetValue(feedbackOn) is null && parse.GetValue(result) is null ? null : new FeedbackInput(parse.GetValue(feedbackOn), parse.GetValue(result));
            var files = new List<NewAttachment>();
            foreach (var file in parse.GetValue(attach) ?? [])
            {
                if (!file.Exists)
                {
                    throw ValidationFailed.Field("attach", $"{file.FullName} does not exist.");
                }
                files.Add(new NewAttachment { FileName = file.Name, ContentType = AttachedFiles.TypeOf(file.Name), Content = await File.ReadAllBytesAsync(file.FullName, ct) });
            }
            var posted = await ChannelMessages.PostAsync(db, actor, Keys(parse), parse.GetValue(channel),
                new MessageInput(parse.GetValue(text), parse.GetValue(replyTo), parse.GetValue(marking), null, warning, feedback,
                    parse.GetValue(seizure) is { } report ? Guid.TryParse(report, out var id) ? new SeizureReportInput(id) : new SeizureReportInput(null, report) : null, [.. files]),
                clock.GetUtcNow(), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, posted);
                return 0;
            }
            parse.InvocationConfiguration.Output.WriteLine($"Posted {posted.Template} {posted.Id} ({posted.Marking}).");
            return 0;
        });
        return command;
    }

    private static Command RotateKeys()
    {
        var batch = new Option<int>("--batch") { Description = "Channels re-wrapped per transaction.", DefaultValueFactory = _ => ChannelKeyRotation.DefaultBatch };
        var command = new Command("rotate-keys",
            "Re-wrap every channel key still sealed by an older server key with the current one (after the new key was made current and the old one "
            + "listed as previous on every node). Idempotent; reads and posts go on meanwhile; exit 1 if some channel's key could not be opened.")
        {
            batch, JsonOut,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(batch) is < 1 or > 10_000)
            {
                throw ValidationFailed.Field("batch", $"--batch is {parse.GetValue(batch)}: use 1 to 10000 channels per transaction.");
            }
            // Never a fresh key here: re-wrapping everything with a key file created by a typo would lock every node out.
            var keys = Keys(parse, create: false);
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var json = parse.GetValue(JsonOut);
            var output = parse.InvocationConfiguration.Output;
            if (!json)
            {
                output.WriteLine($"Current server key {keys.KeyId}; previous: {(keys.PreviousKeyIds.Count == 0 ? "none" : string.Join(", ", keys.PreviousKeyIds))}.");
            }
            var result = await ChannelKeyRotation.RotateAsync(db, Actor.LocalOperator, keys, parse.GetValue(batch),
                json ? null : (done, total) => output.WriteLineAsync($"Re-wrapped {done} of {total} channel key(s)…"), ct);
            if (json)
            {
                CordonCli.WriteJson(parse, result);
            }
            else
            {
                output.WriteLine($"Re-wrapped {result.Rewrapped} channel key(s) with {result.CurrentKeyId}"
                                 + (result.RewrappedFrom.Count == 0 ? "" : " (from " + string.Join(", ", result.RewrappedFrom.Select(f => $"{f.Key}: {f.Value}")) + ")")
                                 + $"; {result.AlreadyCurrent} already under it.");
                foreach (var u in result.Unreadable)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"Channel '{u.Name}' ({u.Channel}), server key {u.KeyId}: {u.Reason}.");
                }
            }
            return result.Unreadable.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// The server keys as the server reads them (Cordon__Messaging__ServerKey and PreviousServerKeys, or the key file in the data
    /// directory and its .previous list), or the key file given with --key-file.
    /// </summary>
    private static ChannelKeys Keys(ParseResult parse, bool create = true)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables();
        if (parse.GetValue(KeyFile) is { Length: > 0 } file)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [ChannelKeys.KeyFileSetting] = file, [ChannelKeys.ServerKeySetting] = "" });
        }
        return ChannelKeys.Load(configuration.Build(), create);
    }

    private static async Task<Actor> ActorAsync(CordonDb db, ParseResult parse, CancellationToken ct)
    {
        if (parse.GetValue(AsUser) is not { Length: > 0 } userName)
        {
            return Actor.LocalOperator;
        }
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, ct)
                   ?? throw ValidationFailed.Field("as", $"No user is named '{userName}'.");
        return new Actor(user.Id, user.AgencyId, user.Roles, user.UserName, ActorKind.User);
    }
}
