"""Runs the office-hours runbook's script (modules/environment-schedule.ts) against moto server.

Test-time peer of test/modules/environment-schedule-runbook.moto.test.ts: given the synthesized stop
and start runbooks (SSM Automation documents, JSON) in argv[1], it makes EC2 instances, RDS
databases (an instance and an Aurora cluster with a member) and an Auto Scaling group in moto, some
tagged for the schedule and some not, runs each runbook's script step with its own input payload as
SSM would (the Handler named in the document), and prints one JSON object: what each run returned,
the state of every resource after it, and every AWS API call the script made (service:Operation).
AWS_ENDPOINT_URL points boto3 at moto.
"""
import json
import sys

import boto3

runbooks = json.load(open(sys.argv[1]))
calls = []


def script_client(service):
    client = boto3.client(service)
    client.meta.events.register("before-call", lambda model, **_: calls.append(f"{service}:{model.name}"))
    return client


def step(runbook):
    """The runbook's one aws:executeScript step, loaded as SSM loads it: its Script, its Handler."""
    inputs = runbook["mainSteps"][0]["inputs"]
    assert runbook["mainSteps"][0]["action"] == "aws:executeScript", runbook["mainSteps"][0]["action"]
    namespace = {}
    exec(compile(inputs["Script"], "runbook", "exec"), namespace)
    # The script's own clients record their calls; the set-up below uses plain ones.
    namespace["boto3"] = type("boto3", (), {"client": staticmethod(script_client)})
    return lambda: namespace[inputs["Handler"]](inputs["InputPayload"], None)


stop, start = step(runbooks["stop"]), step(runbooks["start"])
tag_key, tag_value = runbooks["tag"]["key"], runbooks["tag"]["value"]
scheduled = [{"Key": tag_key, "Value": tag_value}]
elsewhere = [{"Key": tag_key, "Value": "some-other-schedule"}]

ec2, rds, asg = boto3.client("ec2"), boto3.client("rds"), boto3.client("autoscaling")
image = ec2.describe_images()["Images"][0]["ImageId"]


def instance(tags):
    spec = [{"ResourceType": "instance", "Tags": tags}] if tags else []
    return ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", TagSpecifications=spec)["Instances"][0]["InstanceId"]


instances = {"scheduled": instance(scheduled), "other-schedule": instance(elsewhere), "untagged": instance([])}
database = {"DBInstanceClass": "db.t3.micro", "Engine": "postgres", "MasterUsername": "admin1", "MasterUserPassword": "not-a-secret-1", "AllocatedStorage": 20}
rds.create_db_instance(DBInstanceIdentifier="db-scheduled", Tags=scheduled, **database)
rds.create_db_instance(DBInstanceIdentifier="db-untagged", **database)
rds.create_db_cluster(DBClusterIdentifier="cluster-scheduled", Engine="aurora-postgresql", MasterUsername="admin1", MasterUserPassword="not-a-secret-1", Tags=scheduled)
rds.create_db_instance(DBInstanceIdentifier="cluster-scheduled-1", DBInstanceClass="db.r5.large", Engine="aurora-postgresql", DBClusterIdentifier="cluster-scheduled", Tags=scheduled)
subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
asg.create_launch_configuration(LaunchConfigurationName="lc", ImageId=image, InstanceType="t3.micro")
group_tag = {"PropagateAtLaunch": True, "ResourceId": "group-scheduled", "ResourceType": "auto-scaling-group"}
asg.create_auto_scaling_group(
    AutoScalingGroupName="group-scheduled", LaunchConfigurationName="lc", MinSize=1, MaxSize=4, DesiredCapacity=2,
    VPCZoneIdentifier=subnet, Tags=[dict(group_tag, **t) for t in scheduled],
)
asg.create_auto_scaling_group(AutoScalingGroupName="group-untagged", LaunchConfigurationName="lc", MinSize=1, MaxSize=2, DesiredCapacity=1, VPCZoneIdentifier=subnet)
# The group's own instances carry the schedule tag too (PropagateAtLaunch): they follow their group.
group_instances = sorted(i["InstanceId"] for i in asg.describe_auto_scaling_groups(AutoScalingGroupNames=["group-scheduled"])["AutoScalingGroups"][0]["Instances"])
names = {v: k for k, v in instances.items()}
names.update({i: f"group-scheduled instance {n}" for n, i in enumerate(group_instances)})


def state():
    ec2_state = {}
    for r in ec2.describe_instances()["Reservations"]:
        for i in r["Instances"]:
            ec2_state[names.get(i["InstanceId"], i["InstanceId"])] = i["State"]["Name"]
    groups = {}
    for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]:
        tags = {t["Key"]: t["Value"] for t in g.get("Tags", []) if t["Key"] != tag_key}
        groups[g["AutoScalingGroupName"]] = {"min": g["MinSize"], "desired": g["DesiredCapacity"], "tags": tags}
    return {
        "ec2": dict(sorted(ec2_state.items())),
        "rds": {d["DBInstanceIdentifier"]: d["DBInstanceStatus"] for d in rds.describe_db_instances()["DBInstances"]},
        "clusters": {c["DBClusterIdentifier"]: c["Status"] for c in rds.describe_db_clusters()["DBClusters"]},
        "autoscaling": groups,
    }


def named(result):
    return {k: sorted(names.get(v, v) for v in vs) for k, vs in result.items()}


out = {"runs": []}
for label, run in [("stop", stop), ("stop again", stop), ("start", start), ("start again", start)]:
    out["runs"].append({"run": label, "returned": named(run()), "after": state()})
out["calls"] = sorted(set(calls))
print(json.dumps(out))
