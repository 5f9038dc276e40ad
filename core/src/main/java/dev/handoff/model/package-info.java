/**
 * Handoff's domain: ids and addresses ({@link dev.handoff.model.PhloId}, {@link
 * dev.handoff.model.NodeId}, {@link dev.handoff.model.Address}, {@link
 * dev.handoff.model.CallUuid}), the requests Plivo accepts ({@link dev.handoff.model.WarmTransfer},
 * {@link dev.handoff.model.ColdTransfer}, {@link dev.handoff.model.AddMember}, {@link
 * dev.handoff.model.MemberAction}, {@link dev.handoff.model.ReadNode}, {@link
 * dev.handoff.model.CallTransfer}), what Plivo answers ({@link dev.handoff.model.Receipt}, {@link
 * dev.handoff.model.MultiPartyCallNode}) and the {@link dev.handoff.model.HandoffException} family.
 *
 * <p>Every type is immutable and thread-safe, and validates its fields when built: an invalid value
 * fails with an exception naming the field and the rule, before anything is sent.
 */
@NullMarked
package dev.handoff.model;

import org.jspecify.annotations.NullMarked;
