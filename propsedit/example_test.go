package propsedit_test

import (
	"fmt"

	"github.com/kafka-plc/kafka-plc/propsedit"
)

func ExampleEdit() {
	current := []byte(`# broker 1
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@10.0.1.11:29092
listeners=INTERNAL://:9092,CONTROLLER://:29092
advertised.listeners=INTERNAL://10.0.1.11:9092
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
listener.security.protocol.map=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT
`)
	r, err := propsedit.Edit(current, propsedit.External{
		NodeID:         1,
		AdvertisedHost: "b1.u7x2kq.alicloud.plc.tidbcloud.com",
		AdvertisedPort: 9093,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Diff())
	// Output:
	// --- server.properties
	// +++ server.properties
	// @@ -2,8 +2,8 @@
	//  process.roles=broker,controller
	//  node.id=1
	//  controller.quorum.voters=1@10.0.1.11:29092
	// -listeners=INTERNAL://:9092,CONTROLLER://:29092
	// -advertised.listeners=INTERNAL://10.0.1.11:9092
	// +listeners=INTERNAL://:9092,CONTROLLER://:29092,EXTERNAL://:39092
	// +advertised.listeners=INTERNAL://10.0.1.11:9092,EXTERNAL://b1.u7x2kq.alicloud.plc.tidbcloud.com:9093
	//  controller.listener.names=CONTROLLER
	//  inter.broker.listener.name=INTERNAL
	// -listener.security.protocol.map=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT
	// +listener.security.protocol.map=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT
}

func ExampleEdit_refusal() {
	_, err := propsedit.Edit([]byte("process.roles=controller\nnode.id=1\n"), propsedit.External{
		NodeID: 1, AdvertisedHost: "b1.u7x2kq.alicloud.plc.tidbcloud.com", AdvertisedPort: 9093,
	})
	fmt.Println(err)
	// Output:
	// process.roles="controller" (line 1): a controller-only node serves no clients, so it gets no EXTERNAL listener; fix: run the edit on the broker nodes (process.roles=broker or broker,controller) only
}
