using Clearline.Domain.Clearing;
using Clearline.Domain.Orders;

namespace Clearline.Sequencing.Codecs;

/// <summary>Receives a decoded command. Passed as a generic struct, so decoding straight into the engine costs no allocation or virtual call.</summary>
public interface ICommandVisitor
{
    void NewOrder(in NewOrder command);

    void AmendOrder(in AmendOrder command);

    void CancelOrder(in CancelOrder command);

    void CancelAllOrders(in CancelAllOrders command);

    void Deposit(in Deposit command);

    void Withdraw(in Withdraw command);

    void Transfer(in Transfer command);

    void CreateSubaccount(in CreateSubaccount command);

    void IndexQuote(in IndexQuote command);

    void PriceTick(in PriceTick command);

    void SetKillSwitch(in SetKillSwitch command);

    void SetTradingHalt(in SetTradingHalt command);

    void SetIsolatedMargin(in SetIsolatedMargin command);

    void SetVolatilitySurface(in SetVolatilitySurface command);

    void SetMarginModel(in SetMarginModel command);

    void ListOption(in ListOption command);

    void DelistOption(in DelistOption command);
}
