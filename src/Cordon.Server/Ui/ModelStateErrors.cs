using Cordon.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Ui;

public static class ModelStateErrors
{
    /// <summary>Shows a refusal on a form, in the reader's words: field errors beside their fields, anything else at the top.</summary>
    public static void AddCordonError(this ModelStateDictionary state, CordonException e, IStringLocalizer text)
    {
        if (e is ValidationFailed v)
        {
            foreach (var (field, messages) in text.SayFields(v))
            {
                foreach (var m in messages)
                {
                    state.AddModelError(field, m);
                }
            }
            return;
        }
        state.AddModelError("", text.Say(e));
    }
}
