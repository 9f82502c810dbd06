using Cordon.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Travellers;

/// <summary>
/// How long traveller data stays readable (<c>Cordon:Travellers:Retention</c>, decision 030). Each kind of personal data is
/// masked so many days after its passenger list was received (the EU PNR directive's default: six months), and the whole
/// traveller is deleted after <see cref="DeleteAfterDays"/> (five years); a traveller with an open or confirmed watch-list
/// hit, or named in an open case, is held: neither masked nor deleted while the hold lasts.
/// </summary>
public sealed class TravellerRetentionOptions
{
    public const string Section = "Cordon:Travellers:Retention";

    /// <summary>Names: surname, given names, birth date and place, companions, the person key and the reasons' wording.</summary>
    public int MaskNamesAfterDays { get; set; } = 183;

    /// <summary>Address, phones and e-mails.</summary>
    public int MaskContactAfterDays { get; set; } = 183;

    /// <summary>Forms of payment (vendor and card hash).</summary>
    public int MaskPaymentAfterDays { get; set; } = 183;

    /// <summary>Travel document numbers and expiry dates.</summary>
    public int MaskDocumentsAfterDays { get; set; } = 183;

    /// <summary>Everything about the traveller deleted (5 × 365 days by default).</summary>
    public int DeleteAfterDays { get; set; } = 5 * 365;

    /// <summary>False turns the sweep off on this node (another node, or the CLI, runs it).</summary>
    public bool Sweep { get; set; } = true;

    public int SweepSeconds { get; set; } = 3600;

    /// <summary>The longest an unmasking authorisation may last.</summary>
    public int MaxAuthorisationDays { get; set; } = 30;

    public int MaskAfterDays(MaskedData kind) => kind switch
    {
        MaskedData.Names => MaskNamesAfterDays,
        MaskedData.Contact => MaskContactAfterDays,
        MaskedData.Payment => MaskPaymentAfterDays,
        _ => MaskDocumentsAfterDays,
    };

    public static string? Check(TravellerRetentionOptions o)
    {
        if (o.DeleteAfterDays is < 1 or > 36500)
        {
            return $"DeleteAfterDays is {o.DeleteAfterDays}: use 1 to 36500 days after the list was received.";
        }
        foreach (var kind in TravellerMasking.Kinds)
        {
            var days = o.MaskAfterDays(kind);
            if (days < 1 || days > o.DeleteAfterDays)
            {
                return $"Mask{kind}AfterDays is {days}: use 1 to DeleteAfterDays ({o.DeleteAfterDays}) days after the list was received.";
            }
        }
        if (o.SweepSeconds < 1)
        {
            return $"SweepSeconds is {o.SweepSeconds}: use 1 or more.";
        }
        return o.MaxAuthorisationDays is < 1 or > 365 ? $"MaxAuthorisationDays is {o.MaxAuthorisationDays}: use 1 to 365." : null;
    }

    public static IServiceCollection Add(IServiceCollection services) => services.AddFeatureOptions<TravellerRetentionOptions>(Section, Check);
}
