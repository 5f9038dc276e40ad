package com.example.handoff.docs;

import dev.handoff.Handoff;
import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.HandoffException;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.NotPermittedException;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.model.WarmTransfer;
import java.util.concurrent.CompletableFuture;

/** The code of docs/errors.md; compiled by this example's build. */
final class ErrorHandlingSnippets {
  private ErrorHandlingSnippets() {}

  static String blocking(Handoff handoff, WarmTransfer transfer) {
    try {
      Receipt receipt = handoff.warmTransfer(transfer);
      return "transferred, api_id " + receipt.apiId();
    } catch (NotFoundException e) {
      return "the call or member is gone"; // routine: the customer hung up
    } catch (RejectedException e) {
      return "Plivo refused: " + e.plivoError(); // fix the request; retrying cannot help
    } catch (AuthenticationFailedException | NotPermittedException e) {
      throw new IllegalStateException("check the Plivo credentials and the PHLO's account", e);
    } catch (RateLimitedException e) {
      return "too busy; Handoff already retried within its deadline";
    } catch (HandoffException e) { // 5xx, timeouts, broken connections
      return e.mayHaveTakenEffect()
          ? "outcome unknown (" + e.getMessage() + "): check the call before sending again"
          : "not performed: " + e.getMessage();
    }
  }

  static CompletableFuture<String> asynchronous(Handoff handoff, WarmTransfer transfer) {
    return handoff.warmTransferAsync(transfer)
        .handle((receipt, failure) -> {
          if (failure == null) {
            return "transferred, api_id " + receipt.apiId();
          }
          HandoffException error = (HandoffException) failure; // the same types as blocking
          if (error instanceof PlivoErrorException plivo) {
            return "Plivo answered HTTP " + plivo.status() + ": " + plivo.getMessage();
          }
          return error.mayHaveTakenEffect() ? "may have been performed" : "not performed";
        });
  }
}
