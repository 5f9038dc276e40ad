package dev.handoff.retrofit;

import java.util.Map;
import okhttp3.Headers;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.HeaderMap;
import retrofit2.http.POST;
import retrofit2.http.Streaming;
import retrofit2.http.Tag;
import retrofit2.http.Url;

/**
 * Any request a {@code Wire} describes, as a Retrofit service: no route and no request kind, only
 * the two methods Handoff uses. {@link RetrofitCallControl} picks one by {@code Wire.method()} and
 * holds one instance per {@code Wire.Base}, each made by a {@code Retrofit} whose base URL is that
 * base's URL with a trailing {@code /}.
 *
 * <p>{@link Url} is {@code Wire.path()}: already percent-encoded, without a leading {@code /}, so
 * OkHttp resolves it below the base URL's own path and leaves its bytes alone (a member such as
 * {@code sip:agent1@phone.plivo.com} or {@code +14152223333} stays unescaped; the first segment
 * never holds a {@code :}, so the path is never mistaken for a scheme; and a {@code Wire} path has
 * no {@code .} or {@code ..} segment for OkHttp to resolve away).
 *
 * <p>{@link HeaderMap} takes {@code Wire.headers()} as OkHttp {@link Headers}, converted once per
 * {@code Handoff} ({@link RetrofitCallControl}): Retrofit adds them with one {@code addAll}, where
 * a {@code Map} parameter would check each name and value again on every request. {@code
 * Content-Type} is not among them: the {@link JsonBodyConverterFactory}'s body carries it.
 *
 * <p>Both methods are {@link Streaming}, so that Retrofit hands the body over unread: {@link
 * RetrofitCallControl} reads it itself, within {@code Wire.MAX_RESPONSE_BYTES}. The {@link Tag}
 * carries the attempt's {@link RequestProgress} to OkHttp's event listener factory.
 */
interface WireService {

  @Streaming
  @GET
  Call<ResponseBody> get(
      @Url String path, @HeaderMap Headers headers, @Tag RequestProgress progress);

  @Streaming
  @POST
  Call<ResponseBody> post(
      @Url String path,
      @HeaderMap Headers headers,
      @Body Map<String, String> body,
      @Tag RequestProgress progress);
}
