using System.Globalization;
using Cordon.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Messaging;

/// <summary>
/// Messaging's settings (<c>Cordon:Messaging</c>; the server keys are read by <see cref="ChannelKeys"/>): how long a closed
/// channel's messages are kept, per channel kind, and the sweep that deletes them (<see cref="ChannelRetention"/>).
/// </summary>
public sealed class MessagingOptions
{
    public const string Forever = "forever";

    /// <summary>Days after a channel closes before its messages are deleted, per kind, or "forever".</summary>
    public RetentionDays Retention { get; set; } = new();

    /// <summary>False turns the retention sweep off on this node.</summary>
    public bool RetentionSweep { get; set; } = true;

    public int RetentionSweepSeconds { get; set; } = 3600;

    /// <summary>How long a closed channel of the kind keeps its messages; null: for ever.</summary>
    public TimeSpan? RetentionOf(ChannelKind kind) => Days(Retention.Of(kind)) is { } days ? TimeSpan.FromDays(days) : null;

    private static int? Days(string? text) => int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) ? days : null;

    public static IServiceCollection AddMessagingOptions(IServiceCollection services)
        => services.AddFeatureOptions<MessagingOptions>("Cordon:Messaging", o =>
            Enum.GetValues<ChannelKind>().Select(kind => Check(kind, o.Retention.Of(kind))).FirstOrDefault(wrong => wrong is not null)
            ?? (o.RetentionSweepSeconds < 1 ? $"RetentionSweepSeconds is {o.RetentionSweepSeconds}: use 1 or more." : null));

    private static string? Check(ChannelKind kind, string? value)
    {
        var text = value?.Trim();
        return string.Equals(text, Forever, StringComparison.OrdinalIgnoreCase) || Days(text) is >= 1 and <= 36500 ? null
            : $"Retention:{kind} is '{value}': use a number of days from 1 to 36500 after the channel closes, or '{Forever}'.";
    }
}

/// <summary>
/// Retention per channel kind, in days after the channel closed, or "forever". Case channels are kept for ever by default
/// (they are part of the investigation file); the others for a year, standalone groups 90 days.
/// </summary>
public sealed class RetentionDays
{
    public string Operation { get; set; } = "365";
    public string Case { get; set; } = MessagingOptions.Forever;
    public string Incident { get; set; } = "365";
    public string Group { get; set; } = "90";

    public string? Of(ChannelKind kind) => kind switch
    {
        ChannelKind.Operation => Operation,
        ChannelKind.Case => Case,
        ChannelKind.Incident => Incident,
        _ => Group,
    };
}
