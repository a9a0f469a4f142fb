package cloudsim

import (
	"context"
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/resource/deploy/deploytest"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Version is the alicloud provider version the simulator serves.
var Version = semver.MustParse("3.105.0")

// kind is one simulated resource type.
type kind struct {
	token  string
	tfType string // TF resource type, the "Resource" of an error before the ID exists
	schema schemaMap
	// check adds the cross-field schema rules (ConflictsWith, AtLeastOneOf, ...) to checkSchema's.
	check func(name string, news resource.PropertyMap) []plugin.CheckFailure
	// computed lists the outputs the provider computes; they are unknown in a create preview.
	computed []string
	// create makes the resource from checked inputs. It runs with c.mu held and may release it while
	// it waits (the endpoint-service lock) provided it re-acquires it before returning.
	create func(c *Cloud, in resource.PropertyMap) (string, resource.PropertyMap, error)
	// update applies an in-place change to r (c.mu held) and returns the new state.
	update func(c *Cloud, r *Resource, olds, news resource.PropertyMap) (resource.PropertyMap, error)
	// del deletes r (c.mu held); it refuses what the API refuses.
	del func(c *Cloud, r *Resource) error
}

// kinds holds every simulated resource type by token; each service file registers its own.
var kinds = map[string]*kind{}

func register(k *kind) { kinds[k.token] = k }

// Provider returns a plugin.Provider serving package "alicloud" v3.105.0 on c's state. Each call returns
// a new provider sharing that state. (pkg/v3 v3.274.1 moved the Provider interface the engine loads to
// github.com/pulumi/pulumi/pkg/v3/resource/plugin; deploytest.Provider implements that one.)
func (c *Cloud) Provider() plugin.Provider {
	return &deploytest.Provider{
		Name:    "alicloud",
		Package: tokens.Package("alicloud"),
		Version: Version,
		CheckConfigF: func(_ context.Context, req plugin.CheckConfigRequest) (plugin.CheckConfigResponse, error) {
			return plugin.CheckConfigResponse{Properties: req.News}, nil
		},
		ConfigureF: func(context.Context, plugin.ConfigureRequest) (plugin.ConfigureResponse, error) {
			return plugin.ConfigureResponse{}, nil
		},
		CheckF:  c.check,
		DiffF:   c.diff,
		CreateF: c.create,
		ReadF:   c.read,
		UpdateF: c.update,
		DeleteF: c.delete,
		InvokeF: c.invoke,
	}
}

func kindOf(t tokens.Type) (*kind, error) {
	k := kinds[string(t)]
	if k == nil {
		return nil, fmt.Errorf("cloudsim: resource type %q is not simulated", t)
	}
	return k, nil
}

// check enforces the TF schema (facts: "schema" rows) and applies TF defaults.
func (c *Cloud) check(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	k, err := kindOf(req.Type)
	if err != nil {
		return plugin.CheckResponse{}, err
	}
	news := resource.ToResourcePropertyMap(req.NewInputs)
	fails := checkSchema(req.Name, k.schema, news)
	if k.check != nil {
		fails = append(fails, k.check(req.Name, news)...)
	}
	if len(fails) > 0 {
		sortFailures(fails)
		return plugin.CheckResponse{Properties: req.NewInputs, Failures: fails}, nil
	}
	return plugin.CheckResponse{Properties: resource.FromResourcePropertyMap(applyDefaults(k.schema, news))}, nil
}

// diff decides update or replace from the schema's ForceNew flags and DiffSuppress rules. It never sets
// DeleteBeforeReplace: the TF bridge does not, so a replacement is created before the old one is deleted.
func (c *Cloud) diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResponse, error) {
	k, err := kindOf(req.Type)
	if err != nil {
		return plugin.DiffResponse{}, err
	}
	return diffSchema(k.schema,
		resource.ToResourcePropertyMap(req.OldOutputs),
		resource.ToResourcePropertyMap(req.OldInputs),
		resource.ToResourcePropertyMap(req.NewInputs)), nil
}

// create makes the resource, or in preview returns the inputs with the computed outputs unknown.
func (c *Cloud) create(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	k, err := kindOf(req.Type)
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	in := resource.ToResourcePropertyMap(req.Properties)
	if req.Preview {
		out := in.Copy()
		for _, key := range k.computed {
			if !present(out, key) {
				out[resource.PropertyKey(key)] = resource.MakeComputed(sv(""))
			}
		}
		return plugin.CreateResponse{Properties: resource.FromResourcePropertyMap(out)}, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	id, out, err := "", resource.PropertyMap(nil), c.takeInjected(k.token, OpCreate)
	if err == nil {
		id, out, err = k.create(c, in)
	}
	c.record(OpCreate, k.token, req.URN, id, err)
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	out["id"] = sv(id)
	c.putLocked(&Resource{Type: k.token, ID: id, URN: req.URN, Outputs: out})
	return plugin.CreateResponse{ID: resource.ID(id), Properties: resource.FromResourcePropertyMap(out.Copy()), Status: resource.StatusOK}, nil
}

// read returns the current state, or no outputs when the resource no longer exists (for refresh).
func (c *Cloud) read(_ context.Context, req plugin.ReadRequest) (plugin.ReadResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.live[string(req.ID)]
	if r == nil || r.Type != string(req.Type) {
		return plugin.ReadResponse{ReadResult: plugin.ReadResult{ID: req.ID}, Status: resource.StatusOK}, nil
	}
	outs := resource.FromResourcePropertyMap(r.Outputs.Copy())
	ins := req.Inputs
	return plugin.ReadResponse{ReadResult: plugin.ReadResult{ID: req.ID, Outputs: &outs, Inputs: &ins}, Status: resource.StatusOK}, nil
}

// update applies an in-place change and re-checks the conflicts it can cause.
func (c *Cloud) update(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	k, err := kindOf(req.Type)
	if err != nil {
		return plugin.UpdateResponse{}, err
	}
	olds := resource.ToResourcePropertyMap(req.OldOutputs)
	news := resource.ToResourcePropertyMap(req.NewInputs)
	if req.Preview {
		out := olds.Copy()
		for key, v := range news {
			out[key] = v
		}
		return plugin.UpdateResponse{Properties: resource.FromResourcePropertyMap(out), Status: resource.StatusOK}, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.live[string(req.ID)]
	err = c.takeInjected(k.token, OpUpdate)
	if err == nil && r == nil {
		err = fmt.Errorf("cloudsim: %s %s does not exist", k.token, req.ID)
	}
	var out resource.PropertyMap
	if err == nil {
		out, err = k.update(c, r, olds, news)
	}
	c.record(OpUpdate, k.token, req.URN, string(req.ID), err)
	if err != nil {
		return plugin.UpdateResponse{Status: resource.StatusOK}, err
	}
	dropRemoved(k.schema, out, news)
	out["id"] = sv(r.ID)
	r.Outputs = out
	return plugin.UpdateResponse{Properties: resource.FromResourcePropertyMap(out.Copy()), Status: resource.StatusOK}, nil
}

// delete deletes the resource; a resource already gone counts as deleted (every TF Delete treats its
// NotFound codes as success).
func (c *Cloud) delete(_ context.Context, req plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	k, err := kindOf(req.Type)
	if err != nil {
		return plugin.DeleteResponse{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	err = c.takeInjected(k.token, OpDelete)
	if r := c.live[string(req.ID)]; err == nil && r != nil {
		if err = k.del(c, r); err == nil {
			c.removeLocked(r.ID)
		}
	}
	c.record(OpDelete, k.token, req.URN, string(req.ID), err)
	if err != nil {
		return plugin.DeleteResponse{Status: resource.StatusOK}, err
	}
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

// echo returns the state a create records: every input as the bridge echoes it, plus computed values.
func echo(in resource.PropertyMap, computed map[string]resource.PropertyValue) resource.PropertyMap {
	out := in.Copy()
	for k, v := range computed {
		out[resource.PropertyKey(k)] = v
	}
	return out
}

// merge returns the old state with the new inputs laid over it (an in-place update's new state).
func merge(olds, news resource.PropertyMap) resource.PropertyMap {
	out := olds.Copy()
	for k, v := range news {
		if !unwrap(v).IsNull() {
			out[k] = v
		}
	}
	return out
}

// dropRemoved removes from an updated state the optional, non-computed inputs the program no longer
// sets: the bridge plans them as removed (see diffSchema), so the new state no longer has them.
func dropRemoved(spec schemaMap, out, news resource.PropertyMap) {
	for key, a := range spec {
		if !a.computed && a.dflt == nil && !present(news, key) {
			delete(out, resource.PropertyKey(key))
		}
	}
}
