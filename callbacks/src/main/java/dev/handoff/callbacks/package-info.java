/**
 * Plivo's side of a transfer, for the application that receives it.
 *
 * <ul>
 *   <li>{@link dev.handoff.callbacks.SignatureVerifier} checks a {@link
 *       dev.handoff.callbacks.CallbackRequest} against Plivo's V3 signature and answers a {@link
 *       dev.handoff.callbacks.Verification}; a {@link dev.handoff.callbacks.NonceCache} refuses
 *       replays.
 *   <li>{@link dev.handoff.callbacks.Callback#parse(CallbackRequest)} turns the parameters into a
 *       typed record.
 *   <li>{@link dev.handoff.callbacks.PlivoXml} writes the Plivo XML a transfer URL answers.
 *   <li>{@link dev.handoff.callbacks.CallbackRetry} writes the retry fragment Plivo reads from a
 *       URL.
 * </ul>
 *
 * <p>The facts come from Plivo's public documents and its SDKs (see {@code docs/callbacks.md}).
 */
@NullMarked
package dev.handoff.callbacks;

import org.jspecify.annotations.NullMarked;
