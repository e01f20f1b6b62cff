// A second, independent gRPC-Web client in the page: Google's grpc-web
// package in its default text mode, calling one unary and one streaming
// method. Bundled for the browser by scripts/browser-test.mjs.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { GrpcWebClientBase, MethodDescriptor } from "grpc-web";
import { PersonSchema } from "../src/gen/equalsay/v1/common_pb";
import { RoundUpdateSchema, WatchRoundRequestSchema } from "../src/gen/equalsay/v1/consensus_pb";
import { GetMeRequestSchema } from "../src/gen/equalsay/v1/panels_pb";

function descriptor<Req, Res>(path: string, type: string, req: any, res: any) {
  return new MethodDescriptor<Req, Res>(path, type, Object as any, Object as any,
    (m: any) => toBinary(req, m), (b: Uint8Array) => fromBinary(res, b));
}

(window as any).grpcWebProbe = async (baseUrl: string, token: string, roundId: string) => {
  const client = new GrpcWebClientBase({ format: "text" });
  const metadata = { authorization: `Bearer ${token}` };
  const me: any = await client.thenableCall(
    `${baseUrl}/equalsay.v1.PanelService/GetMe`, create(GetMeRequestSchema), metadata,
    descriptor("/equalsay.v1.PanelService/GetMe", "unary", GetMeRequestSchema, PersonSchema));
  const first = await new Promise<string>((resolve, reject) => {
    const stream = client.serverStreaming(
      `${baseUrl}/equalsay.v1.ConsensusService/WatchRound`,
      create(WatchRoundRequestSchema, { roundId }), metadata,
      descriptor("/equalsay.v1.ConsensusService/WatchRound", "server_streaming", WatchRoundRequestSchema, RoundUpdateSchema));
    stream.on("data", (u: any) => { resolve(u.action); stream.cancel(); });
    stream.on("error", (e) => reject(new Error(e.message)));
  });
  return { name: me.displayName as string, first };
};
