package dev.handoff.testkit;

import dev.handoff.RateLimit;
import dev.handoff.model.Address;
import dev.handoff.model.CallUuid;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Role;
import dev.handoff.spi.PlivoResponse;
import dev.handoff.testkit.CallRules.LiveCall;
import dev.handoff.testkit.CallRules.NodeKey;
import dev.handoff.testkit.CallRules.NodeState;
import dev.handoff.testkit.CallRules.Slot;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The state of a fake Plivo account: PHLO multi-party call nodes with their members, and live Voice
 * API rules.calls. Applying a {@link PlivoRequest} changes the state and returns exactly the {@link
 * PlivoResponse} Plivo would give; inspection tells a test who is talking with whom. Both of the
 * testkit's fakes ({@code FakePlivoServer} over HTTP, {@code FakeCallControl} in memory) run on it.
 *
 * <pre>{@code
 * PhloId phlo = PhloId.of("my-phlo");
 * NodeId node = NodeId.of("mpc-node");
 * CallModel model = CallModel.create("MAXXXXXXXXXXXXXXXXXX");
 * model.node(phlo, node)
 *     .member("+14152223333", Role.AGENT)       // U1, the agent who transfers
 *     .member("+14155550100", Role.CUSTOMER);   // U2, the customer
 * model.apply(new WarmTransfer(phlo, node, Address.of("+14152223333"),
 *     Address.of("+14152225555")), "MAXXXXXXXXXXXXXXXXXX");
 * model.describe(phlo, node);
 * // "+14152223333 ⇄ +14152225555 private; +14155550100 on hold"
 * }</pre>
 *
 * <p>Thread-safe: every method is synchronized on the model, so a request is applied atomically and
 * inspection never sees half of one.
 *
 * <h2>Semantics (Plivo's "Update a multi-party call" and "Update a member" documents)</h2>
 *
 * <ul>
 *   <li>{@code call}: the target joins {@link MemberState#IN_CALL} with its role.
 *   <li>{@code warm_transfer}: the initiator U1 ({@code trigger_source}) and the target U3 ({@code
 *       to}) go {@link MemberState#IN_CONSULTATION} with each other and hear only each other; every
 *       other present member (U2), held already or not, goes {@link MemberState#ON_HOLD} and
 *       <em>waits</em> for the transfer. The transfer is in progress until one of:
 *       <ul>
 *         <li>U1 leaves ({@code hangup}, {@code voicemail_drop}): completed; U1 {@code GONE}, U3
 *             and the waiting members still on hold {@code IN_CALL} together;
 *         <li>{@code abort_transfer} by U1, or U3 leaves: U3 {@code GONE}, U1 and the waiting
 *             members still on hold {@code IN_CALL} together;
 *         <li>{@code resume_call} by U1 or U3: the consultation ends, U1, U3 and the waiting
 *             members still on hold {@code IN_CALL} together (a three-way call).
 *       </ul>
 *   <li>{@code cold_transfer}: the target joins {@code IN_CALL}, the initiator is {@code GONE}, and
 *       every other present member is {@code IN_CALL} with the target (a member that was on hold is
 *       connected too, as in a completed warm transfer).
 *   <li>{@code hold}/{@code unhold}: {@code IN_CALL} ⇄ {@code ON_HOLD}. A held member hears hold
 *       music and is heard by nobody. {@code resume_call} by a held member is {@code unhold}. A
 *       waiting member taken off hold during a transfer ({@code unhold}, {@code resume_call}) no
 *       longer waits for it: if it is held again with {@code hold}, it stays held when the transfer
 *       ends.
 *   <li>{@code mute}/{@code unmute}: a flag, in any present state; the others do not hear a muted
 *       member, which still hears them.
 *   <li>{@code hangup}: {@code GONE}; {@code voicemail_drop}: {@code GONE} with {@link
 *       Member#voicemailDropped()}. Both end a transfer as described above when the member is its
 *       initiator or target.
 *   <li>Voice API call transfer: {@code aleg} moves the A leg's URL, {@code bleg} the B leg's,
 *       {@code both} both. Plivo hangs a call up after its {@value #MAX_TRANSFERS}th transfer
 *       ("Loop detected"): the next transfer is accepted (202, as the hang-up happens after Plivo
 *       answered) but moves no leg and ends the call; every later transfer is answered 404.
 * </ul>
 *
 * <h2>Answers, including the choices where Plivo's documents are silent</h2>
 *
 * <p>"Present" means a member that joined and is not {@code GONE}. {@code <m>}, {@code <T>}, {@code
 * <X>} and {@code <U1>} stand for the member, the {@code trigger_source}, the {@code to} and a
 * transfer's initiator, as given. Every 400 and 201 carries a fresh {@code api_id}; node checks run
 * in the order of the table. Rows marked <b>choice</b> are this testkit's decision, not Plivo's
 * documented behaviour.
 *
 * <table>
 *   <caption>How {@link #apply} answers</caption>
 *   <tr><th>operation</th><th>state</th><th>answer</th></tr>
 *   <tr><td>any node or member action, read node</td><td>unknown PHLO or node</td>
 *       <td>404, no fields</td></tr>
 *   <tr><td>{@code call}, {@code warm_transfer}, {@code cold_transfer}</td>
 *       <td>{@code trigger_source} not present</td>
 *       <td>400 {@code Invalid value provided for trigger_source.}</td></tr>
 *   <tr><td>{@code call}, {@code warm_transfer}, {@code cold_transfer}</td>
 *       <td>a warm transfer is in progress on the node (<b>choice</b>)</td>
 *       <td>400 {@code A transfer is already in progress for <U1>.}</td></tr>
 *   <tr><td>{@code call}, {@code warm_transfer}, {@code cold_transfer}</td>
 *       <td>{@code trigger_source} {@code ON_HOLD} (<b>choice</b>)</td>
 *       <td>400 {@code Member <T> is on hold.}</td></tr>
 *   <tr><td>{@code call}, {@code warm_transfer}, {@code cold_transfer}</td>
 *       <td>{@code to} already present (<b>choice</b> of text)</td>
 *       <td>400 {@code Member <X> is already in the call.}</td></tr>
 *   <tr><td>{@code call}, {@code warm_transfer}, {@code cold_transfer}</td>
 *       <td>otherwise ({@code to} never joined, or {@code GONE}: it joins again afresh)</td>
 *       <td>201 {@code {"api_id", "error": ""}}</td></tr>
 *   <tr><td>any member action</td><td>member never joined, or {@code GONE}</td>
 *       <td>404, no fields</td></tr>
 *   <tr><td>{@code abort_transfer}</td>
 *       <td>no transfer in progress, or the member is not its initiator (the target, a waiting
 *       member) (<b>choice</b>)</td>
 *       <td>400 {@code No transfer in progress for <m>.}</td></tr>
 *   <tr><td>{@code resume_call}</td><td>{@code IN_CALL} (<b>choice</b>)</td>
 *       <td>400 {@code Member <m> is not on hold or in a consultation.}</td></tr>
 *   <tr><td>{@code hold}</td><td>{@code ON_HOLD} (<b>choice</b>)</td>
 *       <td>400 {@code Member <m> is already on hold.}</td></tr>
 *   <tr><td>{@code hold}</td><td>{@code IN_CONSULTATION} (<b>choice</b>: end the consultation
 *       first)</td>
 *       <td>400 {@code Member <m> is in a private consultation.}</td></tr>
 *   <tr><td>{@code unhold}</td><td>{@code IN_CALL} or {@code IN_CONSULTATION} (<b>choice</b>)</td>
 *       <td>400 {@code Member <m> is not on hold.}</td></tr>
 *   <tr><td>{@code mute}</td><td>already muted (<b>choice</b>)</td>
 *       <td>400 {@code Member <m> is already muted.}</td></tr>
 *   <tr><td>{@code unmute}</td><td>not muted (<b>choice</b>)</td>
 *       <td>400 {@code Member <m> is not muted.}</td></tr>
 *   <tr><td>{@code mute}, {@code unmute}</td><td>{@code ON_HOLD} or {@code IN_CONSULTATION}
 *       (<b>choice</b>: allowed; only the flag changes)</td>
 *       <td>201</td></tr>
 *   <tr><td>{@code hangup}, {@code voicemail_drop}</td><td>any present state</td>
 *       <td>201</td></tr>
 *   <tr><td>{@code hangup}, {@code voicemail_drop}</td><td>the member is a transfer's target
 *       (<b>choice</b>: as if the initiator aborted)</td><td>201</td></tr>
 *   <tr><td>other member actions</td><td>otherwise</td><td>201</td></tr>
 *   <tr><td>read node</td><td>known node</td>
 *       <td>200 {@code api_id, node_id, phlo_id, name, node_type=multi_party_call, created_on}</td>
 *   </tr>
 *   <tr><td>call transfer</td><td>Auth ID is not the model's account, unknown call, or ended
 *       call</td><td>404 {@code {"api_id", "error": "not found"}}</td></tr>
 *   <tr><td>call transfer</td><td>the call's transfer number {@value #MAX_TRANSFERS} + 1
 *       (<b>choice</b>: 202, since Plivo hangs up after answering)</td>
 *       <td>202; no leg moves; the call ends</td></tr>
 *   <tr><td>call transfer</td><td>otherwise</td>
 *       <td>202 {@code {"message": "call transfered", "api_id"}}</td></tr>
 * </table>
 */
public final class CallModel {
  /** How many times Plivo lets a call be transferred; the next transfer hangs it up. */
  public static final int MAX_TRANSFERS = 70;

  /** The node name {@link ReadNode} reports unless seeded otherwise. */
  public static final String DEFAULT_NODE_NAME = "Multi-Party Call";

  /** The creation time {@link ReadNode} reports unless seeded: Plivo's documented example. */
  public static final OffsetDateTime DEFAULT_CREATED_ON =
      OffsetDateTime.of(2020, 8, 1, 9, 5, 11, 846_982_000, ZoneOffset.UTC);

  /** The A leg's caller ({@code From}) of a call declared without one. */
  public static final String DEFAULT_FROM = "+14155550100";

  /** The A leg's called number ({@code To}) of a call declared without one. */
  public static final String DEFAULT_TO = "+14152223333";

  private final CallRules rules;
  private @Nullable RateLimit rateLimit;
  private LongSupplier rateClock = System::nanoTime;

  /** When each request the limit let through arrived (the clock's nanoseconds), oldest first. */
  private final ArrayDeque<Long> accepted = new ArrayDeque<>();

  private int rateLimited;
  private int peak;

  private CallModel(@Nullable String authId) {
    this.rules = new CallRules(authId);
  }

  /**
   * An empty model that accepts call transfers under <em>any</em> Auth ID: for tests that do not
   * care which account sends them.
   */
  public static CallModel create() {
    return new CallModel(null);
  }

  /**
   * An empty model of the account {@code authId}: a call transfer under another Auth ID is answered
   * 404, as Plivo answers a call of another account.
   *
   * @throws NullPointerException if {@code authId} is null
   * @throws IllegalArgumentException if {@code authId} is blank
   */
  public static CallModel create(String authId) {
    Objects.requireNonNull(authId, "authId == null");
    if (authId.isBlank()) {
      throw new IllegalArgumentException("authId must not be blank");
    }
    return new CallModel(authId);
  }

  /**
   * The Auth ID to apply a request under when the sender's is unknown (the in-memory fake sees no
   * credentials): the model's account, or any for a model of any account.
   */
  String accountAuthId() {
    return rules.authId == null ? "MA-ANY-ACCOUNT" : rules.authId;
  }

  // ---------------------------------------------------------------- seeding

  /**
   * The multi-party call node {@code nodeId} of the PHLO {@code phloId}, declared if new, for
   * seeding its members. Calling it again for the same node returns a handle on the same node.
   *
   * @throws NullPointerException if an argument is null
   */
  public synchronized NodeSeed node(PhloId phloId, NodeId nodeId) {
    NodeKey key = new NodeKey(phloId, nodeId);
    rules.nodes.computeIfAbsent(key, k -> new NodeState());
    return new NodeSeed(key);
  }

  /**
   * Same as {@code node(PhloId.of(phloId), NodeId.of(nodeId))}.
   *
   * @throws IllegalArgumentException if an id breaks its rule
   */
  public NodeSeed node(String phloId, String nodeId) {
    return node(PhloId.of(phloId), NodeId.of(nodeId));
  }

  /**
   * Declares a live Voice API call with no transfers yet; an existing call of that UUID is
   * replaced.
   *
   * @return this model, for chaining
   * @throws NullPointerException if {@code callUuid} is null
   */
  public synchronized CallModel call(CallUuid callUuid) {
    return call(callUuid, Address.of(DEFAULT_FROM), Address.of(DEFAULT_TO));
  }

  /**
   * Declares a live Voice API call from {@code from} to {@code to} (its A leg), with no transfers
   * yet: the {@code From} and {@code To} that {@link FakePlivoServer#followTransfers() follow-up}
   * sends to the legs' URLs, and that a live-call read ({@code Handoff.readLiveCall}) answers. An
   * existing call of that UUID is replaced.
   *
   * @return this model, for chaining
   * @throws NullPointerException if an argument is null
   */
  public synchronized CallModel call(CallUuid callUuid, Address from, Address to) {
    Objects.requireNonNull(callUuid, "callUuid == null");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    rules.calls.put(callUuid, new LiveCall(from, to));
    return this;
  }

  /**
   * Same as {@code call(CallUuid.of(callUuid))}.
   *
   * @throws IllegalArgumentException if {@code callUuid} is not a UUID
   */
  public CallModel call(String callUuid) {
    return call(CallUuid.of(callUuid));
  }

  /**
   * A handle on one node of a {@link CallModel}, for seeding it: its members, name and creation
   * time. Every method changes the model at once and returns this handle for chaining.
   */
  public final class NodeSeed {
    private final NodeKey key;

    private NodeSeed(NodeKey key) {
      this.key = key;
    }

    /**
     * Adds a member who is already talking in the call: {@link MemberState#IN_CALL}, not muted.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code address} is already present in the node
     */
    public NodeSeed member(Address address, Role role) {
      Objects.requireNonNull(address, "address == null");
      Objects.requireNonNull(role, "role == null");
      synchronized (CallModel.this) {
        NodeState node = rules.nodes.get(key);
        if (node.isPresent(address)) {
          throw new IllegalArgumentException(
              "member " + address + " is already in node " + key.nodeId());
        }
        node.join(address, role);
      }
      return this;
    }

    /**
     * Adds a member with the role {@link Role#AGENT} (Plivo's default), {@link
     * MemberState#IN_CALL}.
     *
     * @throws NullPointerException if {@code address} is null
     * @throws IllegalArgumentException if {@code address} is already present in the node
     */
    public NodeSeed member(Address address) {
      return member(address, Role.AGENT);
    }

    /**
     * Same as {@code member(Address.of(address), role)}.
     *
     * @throws IllegalArgumentException if {@code address} is not an endpoint or already present
     */
    public NodeSeed member(String address, Role role) {
      return member(Address.of(address), role);
    }

    /**
     * Same as {@code member(Address.of(address), Role.AGENT)}.
     *
     * @throws IllegalArgumentException if {@code address} is not an endpoint or already present
     */
    public NodeSeed member(String address) {
      return member(Address.of(address), Role.AGENT);
    }

    /**
     * Sets the node's name, as reading the node reports it ({@link CallModel#DEFAULT_NODE_NAME}
     * unless set).
     *
     * @throws NullPointerException if {@code name} is null
     */
    public NodeSeed name(String name) {
      Objects.requireNonNull(name, "name == null");
      synchronized (CallModel.this) {
        rules.nodes.get(key).name = name;
      }
      return this;
    }

    /**
     * Sets the node's creation time, as reading the node reports it ({@link
     * CallModel#DEFAULT_CREATED_ON} unless set); reported with microsecond precision.
     *
     * @throws NullPointerException if {@code createdOn} is null
     */
    public NodeSeed createdOn(OffsetDateTime createdOn) {
      Objects.requireNonNull(createdOn, "createdOn == null");
      synchronized (CallModel.this) {
        rules.nodes.get(key).createdOn = createdOn;
      }
      return this;
    }

    /** The model this node belongs to, to go on seeding it. */
    public CallModel model() {
      return CallModel.this;
    }
  }

  // ---------------------------------------------------------------- seeding by request

  /**
   * Applies one request as Plivo would and returns Plivo's answer, for example to put a node in a
   * state before the code under test runs: the status and the top-level JSON fields of its body.
   * See the class documentation for every answer. A request that is refused (4xx) changes nothing.
   *
   * @param request the request, already validated by its record
   * @param authId the Auth ID the request was sent under (the one in a call transfer's path); it
   *     matters only for call transfers
   * @throws NullPointerException if an argument is null
   */
  public synchronized PlivoResponse apply(PlivoRequest request, String authId) {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(authId, "authId == null");
    if (rateLimit != null && !admit()) {
      rateLimited++;
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("api_id", UUID.randomUUID().toString());
      fields.put("error", "too many requests");
      // As Plivo: a 429 without Retry-After (it documents none), which changes nothing.
      return new PlivoResponse(429, null, fields, null);
    }
    return rules.apply(request, authId);
  }

  // ---------------------------------------------------------------- account rate limit

  /**
   * Enforces an account rate limit, as Plivo does, on every request applied from now on: at most
   * {@link RateLimit#permits()} accepted in any window of {@link RateLimit#window()} (a sliding
   * window, Plivo's strict reading), measured on the JVM's {@link System#nanoTime()}; a request
   * beyond it is answered 429 {@code {"api_id": …, "error": "too many requests"}} without {@code
   * Retry-After}, changes nothing and does not count against the window. Counted across every
   * {@code Handoff} (and every fake) that uses this model. {@link FakeCallControl#rateLimit} counts
   * on its {@link FakeClock} instead, when it has one.
   *
   * @param limit the limit, or null to lift it
   * @return this model, for chaining
   */
  public synchronized CallModel rateLimit(@Nullable RateLimit limit) {
    return rateLimit(limit, System::nanoTime);
  }

  /** As {@link #rateLimit(RateLimit)}, measured on {@code clock} (nanoseconds). */
  synchronized CallModel rateLimit(@Nullable RateLimit limit, LongSupplier clock) {
    this.rateLimit = limit;
    this.rateClock = Objects.requireNonNull(clock, "clock == null");
    accepted.clear();
    return this;
  }

  /** How many requests the {@linkplain #rateLimit rate limit} answered 429 so far. */
  public synchronized int rateLimitedCount() {
    return rateLimited;
  }

  /**
   * The most requests the {@linkplain #rateLimit rate limit} let through in any one window so far:
   * never more than its permits.
   */
  public synchronized int peakWindowCount() {
    return peak;
  }

  /** Takes a place in the sliding window, if one is free. */
  private boolean admit() {
    RateLimit limit = Objects.requireNonNull(rateLimit);
    long now = rateClock.getAsLong();
    long window = limit.window().toNanos();
    while (!accepted.isEmpty() && now - accepted.peekFirst() >= window) {
      accepted.pollFirst();
    }
    if (accepted.size() >= limit.permits()) {
      return false;
    }
    accepted.addLast(now);
    peak = Math.max(peak, accepted.size());
    return true;
  }

  // ---------------------------------------------------------------- inspection

  /**
   * Every member that ever joined the node, in the order they (last) joined, {@code GONE} ones
   * included.
   *
   * @throws IllegalArgumentException if the node was never declared
   */
  public synchronized List<Member> members(PhloId phloId, NodeId nodeId) {
    NodeState node = existingNode(phloId, nodeId);
    List<Member> members = new ArrayList<>(node.slots.size());
    for (Slot slot : node.slots.values()) {
      members.add(slot.snapshot());
    }
    return Collections.unmodifiableList(members);
  }

  /**
   * One member of the node.
   *
   * @throws IllegalArgumentException if the node was never declared or {@code address} never joined
   *     it
   */
  public synchronized Member member(PhloId phloId, NodeId nodeId, Address address) {
    return existingSlot(existingNode(phloId, nodeId), address).snapshot();
  }

  /**
   * Whom {@code who} can hear right now, in joining order: a member {@code IN_CALL} hears every
   * other unmuted member {@code IN_CALL}; a member {@code IN_CONSULTATION} hears its partner unless
   * the partner is muted; a member {@code ON_HOLD} (hold music) or {@code GONE} hears nobody.
   *
   * @throws IllegalArgumentException if the node was never declared or {@code who} never joined it
   */
  public synchronized Set<Address> hears(PhloId phloId, NodeId nodeId, Address who) {
    NodeState node = existingNode(phloId, nodeId);
    Slot listener = existingSlot(node, who);
    Set<Address> heard = new LinkedHashSet<>();
    for (Slot speaker : node.slots.values()) {
      if (speaker != listener && !speaker.muted && node.canHear(listener, speaker)) {
        heard.add(speaker.address);
      }
    }
    return Collections.unmodifiableSet(heard);
  }

  /**
   * One human-readable line for the node, in this order, {@code "; "} between parts: the main call
   * ({@code A ⇄ B ⇄ C}, or {@code A alone}), the private consultation ({@code A ⇄ B private}), each
   * held member ({@code C on hold}) and each member that left ({@code D left}, or {@code D left
   * (voicemail dropped)}); a muted member is marked {@code (muted)}. {@code "nobody"} when the node
   * has no member. For example {@code +14152223333 ⇄ +14152225555 private; +14155550100 on hold}.
   *
   * @throws IllegalArgumentException if the node was never declared
   */
  public synchronized String describe(PhloId phloId, NodeId nodeId) {
    NodeState node = existingNode(phloId, nodeId);
    List<String> main = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    List<String> held = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (Slot slot : node.slots.values()) {
      String name = slot.address + (slot.muted ? " (muted)" : "");
      switch (slot.state) {
        case IN_CALL:
          main.add(name);
          break;
        case ON_HOLD:
          held.add(name + " on hold");
          break;
        case GONE:
          left.add(slot.address + " left" + (slot.voicemailDropped ? " (voicemail dropped)" : ""));
          break;
        case IN_CONSULTATION:
          break;
        default:
          throw new AssertionError(slot.state);
      }
    }
    if (main.size() == 1) {
      parts.add(main.get(0) + " alone");
    } else if (!main.isEmpty()) {
      parts.add(String.join(" ⇄ ", main));
    }
    if (node.transfer != null) {
      Slot initiator = node.slot(node.transfer.initiator);
      Slot target = node.slot(node.transfer.target);
      parts.add(
          initiator.address
              + (initiator.muted ? " (muted)" : "")
              + " ⇄ "
              + target.address
              + (target.muted ? " (muted)" : "")
              + " private");
    }
    parts.addAll(held);
    parts.addAll(left);
    return parts.isEmpty() ? "nobody" : String.join("; ", parts);
  }

  /**
   * The state of a live Voice API call: its legs' URLs, its transfer count, whether it ended.
   *
   * @throws IllegalArgumentException if the call was never declared
   */
  public synchronized CallLegs legs(CallUuid callUuid) {
    LiveCall call = rules.calls.get(Objects.requireNonNull(callUuid, "callUuid == null"));
    if (call == null) {
      throw new IllegalArgumentException("no call " + callUuid + " was declared in this model");
    }
    return new CallLegs(call.aLegUrl, call.bLegUrl, call.transfers, call.ended);
  }

  /**
   * What the call's A leg is doing: {@link LegState.Kind#NOT_MOVED} until a call transfer moves it;
   * then {@link LegState.Kind#MOVED}, or with {@link FakePlivoServer#followTransfers()} what the
   * XML its URL answered makes it do.
   *
   * @throws NullPointerException if {@code callUuid} is null
   * @throws IllegalArgumentException if the call was never declared
   */
  public synchronized LegState aLeg(CallUuid callUuid) {
    return existingCall(callUuid).aLeg;
  }

  /**
   * What the call's B leg is doing, as {@link #aLeg} for the A leg.
   *
   * @throws NullPointerException if {@code callUuid} is null
   * @throws IllegalArgumentException if the call was never declared
   */
  public synchronized LegState bLeg(CallUuid callUuid) {
    return existingCall(callUuid).bLeg;
  }

  /**
   * One line for the call's legs: {@code "A leg: in conference queue-7; B leg: dialling
   * +14152225555, then bridged"}.
   *
   * @throws NullPointerException if {@code callUuid} is null
   * @throws IllegalArgumentException if the call was never declared
   */
  public synchronized String describeCall(CallUuid callUuid) {
    LiveCall call = existingCall(callUuid);
    return "A leg: " + call.aLeg.description() + "; B leg: " + call.bLeg.description();
  }

  /** What follow-up needs of a call just transferred; null if the call ended or never existed. */
  synchronized @Nullable Follow follow(CallUuid callUuid) {
    LiveCall call = rules.calls.get(callUuid);
    if (call == null || call.ended) {
      return null;
    }
    return new Follow(callUuid, call.transfers, call.from, call.to);
  }

  /** A call's parties at the transfer numbered {@code generation}. */
  record Follow(CallUuid callUuid, int generation, Address from, Address to) {}

  /**
   * Sets a leg's state, unless a later transfer moved the call since {@code generation} (then the
   * stale follow-up is dropped).
   */
  synchronized void updateLeg(CallUuid callUuid, boolean aLeg, int generation, LegState state) {
    LiveCall call = rules.calls.get(callUuid);
    if (call == null || call.transfers != generation) {
      return;
    }
    if (aLeg) {
      call.aLeg = state;
    } else {
      call.bLeg = state;
    }
  }

  private LiveCall existingCall(CallUuid callUuid) {
    LiveCall call = rules.calls.get(Objects.requireNonNull(callUuid, "callUuid == null"));
    if (call == null) {
      throw new IllegalArgumentException("no call " + callUuid + " was declared in this model");
    }
    return call;
  }

  private NodeState existingNode(PhloId phloId, NodeId nodeId) {
    NodeState node = rules.nodes.get(new NodeKey(phloId, nodeId));
    if (node == null) {
      throw new IllegalArgumentException(
          "no node " + nodeId + " of PHLO " + phloId + " was declared in this model");
    }
    return node;
  }

  private static Slot existingSlot(NodeState node, Address address) {
    Slot slot = node.slots.get(Objects.requireNonNull(address, "address == null"));
    if (slot == null) {
      throw new IllegalArgumentException(address + " never joined this node");
    }
    return slot;
  }
}
