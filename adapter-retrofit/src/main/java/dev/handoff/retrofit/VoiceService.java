package dev.handoff.retrofit;

import java.util.Map;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Streaming;
import retrofit2.http.Tag;

/**
 * Plivo's Voice API as a Retrofit service, relative to {@code HandoffConfig.voiceBaseUrl()}. The
 * trailing slash of the call path is part of Plivo's path ({@code Wire.callPath}). Headers, tag and
 * streaming as in {@link PhloService}.
 */
interface VoiceService {

  @Streaming
  @POST("v1/Account/{auth_id}/Call/{call_uuid}/")
  Call<ResponseBody> transferCall(
      @Path(value = "auth_id", encoded = true) String authId,
      @Path(value = "call_uuid", encoded = true) String callUuid,
      @Body Map<String, String> body,
      @Header("Authorization") String authorization,
      @Header("User-Agent") String userAgent,
      @Tag RequestProgress progress);
}
