using Cordon.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Cordon.Server.Ui;

public static class ModelStateErrors
{
    /// <summary>Shows a refusal on a form: field errors beside their fields, anything else at the top.</summary>
    public static void AddCordonError(this ModelStateDictionary state, CordonException e)
    {
        if (e is ValidationFailed v)
        {
            foreach (var (field, messages) in v.Errors)
            {
                foreach (var m in messages)
                {
                    state.AddModelError(field, m);
                }
            }
            return;
        }
        state.AddModelError("", e.Message);
    }
}
