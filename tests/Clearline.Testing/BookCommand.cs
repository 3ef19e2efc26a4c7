using Clearline.Domain;
using Clearline.Domain.Orders;

namespace Clearline.Testing;

/// <summary>One command to a single book.</summary>
public abstract record BookCommand
{
    public static BookCommand Of(NewOrder order) => new SubmitCommand(order);

    public static BookCommand Of(AmendOrder amend) => new AmendCommand(amend);

    public static BookCommand Of(CancelOrder cancel) => new CancelCommand(cancel);

    public static BookCommand CancelAllOf(AccountId account) => new CancelAllCommand(account);
}

public sealed record SubmitCommand(NewOrder Order) : BookCommand
{
    public override string ToString() =>
        $"Submit(#{Order.Id} acct {Order.Account} {Order.Side} {Order.Type} {Order.TimeInForce} px {Order.Price} qty {Order.Quantity} disp {Order.DisplayQuantity} po {Order.PostOnly} stp {Order.SelfTradePrevention} instr {Order.Instrument})";
}

public sealed record AmendCommand(AmendOrder Amend) : BookCommand
{
    public override string ToString() => $"Amend(#{Amend.Id} acct {Amend.Account} px {Amend.Price} qty {Amend.Quantity} instr {Amend.Instrument})";
}

public sealed record CancelCommand(CancelOrder Cancel) : BookCommand
{
    public override string ToString() => $"Cancel(#{Cancel.Id} acct {Cancel.Account} instr {Cancel.Instrument})";
}

public sealed record CancelAllCommand(AccountId Account) : BookCommand
{
    public override string ToString() => $"CancelAll(acct {Account})";
}
