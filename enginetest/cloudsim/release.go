package cloudsim

import "fmt"

// Release removes the live ECS instance id outside Pulumi, as releasing it in the ECS console
// (or DeleteInstance) does once its release protection is off: the instance and the data disks
// created with it (DeleteWithInstance) are gone, and reading it finds nothing, so `pulumi
// refresh` drops it from the state. It stands for a broker whose host or disk died and that the
// operator released to replace it (README, Replacing a broker). It is not recorded in Ops: no
// Pulumi operation made it.
func (c *Cloud) Release(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.live[id]
	if r == nil || r.Type != TokenInstance {
		return fmt.Errorf("cloudsim: no live instance %s", id)
	}
	c.removeLocked(id)
	return nil
}
