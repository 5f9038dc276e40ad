package dev.handoff.retrofit;

import java.util.Map;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Streaming;
import retrofit2.http.Tag;

/**
 * Plivo's PHLO runner as a Retrofit service, relative to {@code HandoffConfig.phloBaseUrl()}.
 *
 * <p>Every path parameter is already encoded by {@code Wire.pathSegment} ({@code encoded = true}),
 * so the path matches {@code Wire.nodePath} / {@code Wire.memberPath} byte for byte: a member such
 * as {@code sip:agent1@phone.plivo.com} or {@code +14152223333} stays unescaped. Every method is
 * {@link Streaming} so that Retrofit hands the body over unread: {@link RetrofitCallControl} reads
 * it itself, within {@code Wire.MAX_RESPONSE_BYTES}. The {@link Tag} carries the attempt's {@link
 * RequestProgress} to OkHttp's event listener factory; the two {@link Header}s are {@link
 * PlivoHeaders}' precomputed values.
 */
interface PhloService {

  @Streaming
  @POST("v1/phlo/{phlo_id}/multi_party_call/{node_id}")
  Call<ResponseBody> nodeAction(
      @Path(value = "phlo_id", encoded = true) String phloId,
      @Path(value = "node_id", encoded = true) String nodeId,
      @Body Map<String, String> body,
      @Header("Authorization") String authorization,
      @Header("User-Agent") String userAgent,
      @Tag RequestProgress progress);

  @Streaming
  @POST("v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}")
  Call<ResponseBody> memberAction(
      @Path(value = "phlo_id", encoded = true) String phloId,
      @Path(value = "node_id", encoded = true) String nodeId,
      @Path(value = "member_address", encoded = true) String memberAddress,
      @Body Map<String, String> body,
      @Header("Authorization") String authorization,
      @Header("User-Agent") String userAgent,
      @Tag RequestProgress progress);

  @Streaming
  @GET("v1/phlo/{phlo_id}/multi_party_call/{node_id}")
  Call<ResponseBody> readNode(
      @Path(value = "phlo_id", encoded = true) String phloId,
      @Path(value = "node_id", encoded = true) String nodeId,
      @Header("Authorization") String authorization,
      @Header("User-Agent") String userAgent,
      @Tag RequestProgress progress);
}
